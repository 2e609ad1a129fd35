package jp.sekisho.transfer.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.RecordCounter;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.Download;
import jp.sekisho.transfer.control.DownloadTicket;
import jp.sekisho.transfer.control.ReceiptCheck;
import jp.sekisho.transfer.control.SealedFile;
import jp.sekisho.transfer.control.Sealer;
import jp.sekisho.transfer.control.Upload;
import jp.sekisho.transfer.control.UploadTicket;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.BatchName;
import jp.sekisho.transfer.entity.BatchState;
import jp.sekisho.transfer.entity.FileName;

/**
 * What system accounts do over SFTP: create batches, push files, pull available batches. Every answer is computed
 * from the account's own channels; an account never learns that something it may not see exists.
 */
@Stateless
public class Transfers {

    public static final String MANIFEST_NAME = "manifest.json";
    public static final String MANIFEST_SIGNATURE_NAME = "manifest.json.p7s";

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    Retention retention;

    @Resource
    SessionContext context;

    private final Clock clock = Clock.systemUTC();

    public List<FolderEntry> channelsOf(AccountName account) {
        List<FolderEntry> folders = new ArrayList<>();
        for (Channel channel : em.createQuery("SELECT c FROM Channel c WHERE c.source.name = :account "
                + "OR c.destination.name = :account ORDER BY c.name", Channel.class)
                .setParameter("account", account.value()).getResultList()) {
            folders.add(FolderEntry.folder(channel.name().value(), Instant.EPOCH));
        }
        return folders;
    }

    public List<FolderEntry> batchesVisibleTo(AccountName account, ChannelName channelName) {
        Channel channel = channelOf(account, channelName);
        boolean source = isSource(account, channel);
        Instant now = clock.instant();
        return em.createQuery("SELECT b FROM Batch b WHERE b.channel = :channel AND b.state IN :states "
                + "ORDER BY b.name", Batch.class)
                .setParameter("channel", channel)
                .setParameter("states", source ? List.of(BatchState.UPLOADING)
                        : List.of(BatchState.AVAILABLE, BatchState.DELIVERED))
                .getResultStream()
                .filter(batch -> visibleTo(source, batch, now))
                .map(batch -> FolderEntry.folder(batch.name().value(),
                        source ? batch.createdAt() : batch.availableAt()))
                .toList();
    }

    public List<FolderEntry> filesVisibleTo(AccountName account, ChannelName channelName, BatchName batchName) {
        Channel channel = channelOf(account, channelName);
        Batch batch = visibleBatch(account, channel, batchName);
        List<FolderEntry> files = new ArrayList<>();
        boolean source = isSource(account, channel);
        for (BatchFile file : batch.files()) {
            if (source ? file.sealed() : batch.mayDownload(file)) {
                files.add(source ? FolderEntry.file(file.name().value(), file.plaintextSize(), file.receivedAt())
                        : FolderEntry.file(file.sealedName(), file.ciphertextSize(), file.receivedAt()));
            }
        }
        if (!source) {
            files.add(FolderEntry.file(MANIFEST_NAME,
                    batch.releasedManifestJson().getBytes(StandardCharsets.UTF_8).length, batch.availableAt()));
            files.add(FolderEntry.file(MANIFEST_SIGNATURE_NAME, batch.releasedManifestSignature().length,
                    batch.availableAt()));
        }
        return files;
    }

    public void createBatch(AccountName account, ChannelName channelName, BatchName batchName, String clientAddress) {
        Channel channel = channelOf(account, channelName);
        if (!isSource(account, channel)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "destination-is-read-only",
                    "The destination of a channel can only read");
        }
        boolean taken = !em.createQuery("SELECT b.id FROM Batch b WHERE b.channel = :channel AND b.name = :name",
                Long.class).setParameter("channel", channel).setParameter("name", batchName.value())
                .getResultList().isEmpty();
        if (taken) {
            throw new Refused(Refused.Kind.CONFLICT, "batch-name-taken",
                    "A batch of that name exists or existed on this channel; choose a new name");
        }
        Batch batch = Batch.open(channel, batchName, clock.instant());
        em.persist(batch);
        audit.append(AuditRecord.success(account.value(), AuditAction.BATCH_CREATED,
                channelName + "/" + batchName, batch.publicId().value(), clientAddress,
                "submit before " + batch.expiresAt()));
    }

    public Upload beginUpload(AccountName account, ChannelName channelName, BatchName batchName, FileName fileName,
            String clientAddress) {
        Channel channel = channelOf(account, channelName);
        if (!isSource(account, channel)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "destination-is-read-only",
                    "The destination of a channel can only read");
        }
        Batch batch = BatchLocks.lock(em, visibleBatch(account, channel, batchName).publicId());
        String storageKey = UUID.randomUUID().toString();
        String virtualPath = "/" + channelName + "/" + batchName + "/" + fileName;
        BatchFile file;
        try {
            file = batch.receive(fileName, storageKey, clock.instant());
        } catch (Refused refused) {
            if (refused.reason().startsWith("contract-")) {
                // Shown to the requester with the batch, like files refused while streaming.
                audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.FILE_DISCARDED, virtualPath,
                        batch.publicId().value(), clientAddress, "0 bytes received; " + refused.reason() + ": "
                                + refused.getMessage()));
            }
            throw refused;
        }
        em.flush();
        UploadTicket ticket = new UploadTicket(account, clientAddress, batch.publicId(), file.id(), storageKey,
                virtualPath, RecordCounter.hasHeaderLine(fileName.value()),
                channel.dataContract());
        Sealer sealer;
        try {
            sealer = new Sealer(List.of(SelfSignedCredentials.parseCertificatePem(batch.recipientCertificatePem())));
        } catch (IllegalArgumentException unusable) {
            throw new Refused(Refused.Kind.FORBIDDEN, "recipient-certificate-unusable",
                    "The channel's recipient certificate cannot be used (" + unusable.getMessage()
                            + "); an administrator must register a current one");
        }
        try {
            return new Upload(context.getBusinessObject(Transfers.class), store(), ticket, sealer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void completeUpload(UploadTicket ticket, SealedFile sealed, List<String> csvColumns, long ciphertextSize,
            String ciphertextSha256) {
        Batch batch = BatchLocks.lock(em, ticket.batch());
        BatchFile file = fileById(batch, ticket.fileId());
        batch.seal(file, sealed.size(), sealed.sha256Hex(), sealed.records(), ciphertextSize, ciphertextSha256,
                csvColumns, clock.instant());
        audit.append(AuditRecord.success(ticket.account().value(), AuditAction.FILE_RECEIVED, ticket.virtualPath(),
                ticket.batch().value(), ticket.clientAddress(), "size=" + sealed.size() + " sha256="
                        + sealed.sha256Hex() + " records=" + sealed.records() + " sealedSize=" + ciphertextSize));
    }

    public void discardUpload(UploadTicket ticket, long bytesReceived, String why) {
        BatchLocks.lockIfPresent(em, ticket.batch()).ifPresent(batch -> batch.files().stream()
                .filter(file -> file.id() == ticket.fileId()).findFirst().ifPresent(batch::discard));
        audit.append(AuditRecord.denied(ticket.account().value(), AuditAction.FILE_DISCARDED, ticket.virtualPath(),
                ticket.batch().value(), ticket.clientAddress(),
                (bytesReceived >= 0 ? bytesReceived + " bytes received; " : "") + why));
    }

    public Download beginDownload(AccountName account, ChannelName channelName, BatchName batchName, String name,
            String clientAddress) {
        Channel channel = channelOf(account, channelName);
        Batch batch = visibleBatch(account, channel, batchName);
        if (isSource(account, channel)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "source-is-write-only",
                    "The source of a channel cannot read files back");
        }
        String virtualPath = "/" + channelName + "/" + batchName + "/" + name;
        try {
            if (MANIFEST_NAME.equals(name) || MANIFEST_SIGNATURE_NAME.equals(name)) {
                return Download.ofDocument(context.getBusinessObject(Transfers.class),
                        new DownloadTicket(account, clientAddress, batch.publicId(), null, null, virtualPath),
                        MANIFEST_NAME.equals(name) ? batch.releasedManifestJson().getBytes(StandardCharsets.UTF_8)
                                : batch.releasedManifestSignature());
            }
            BatchFile file = batch.fileBySealedName(name).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                    "no-such-file", "No such file"));
            batch.requireMayDownload(file);
            DownloadTicket ticket = new DownloadTicket(account, clientAddress, batch.publicId(), file.id(),
                    file.storageKey(), virtualPath);
            return Download.ofSealedFile(context.getBusinessObject(Transfers.class), ticket,
                    store().openSealed(batch.publicId(), file.storageKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks, before any byte is sent, that the account may put a receipt into this batch folder. */
    public void beginReceipt(AccountName account, ChannelName channelName, BatchName batchName) {
        Channel channel = channelOf(account, channelName);
        if (isSource(account, channel)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "receipt-from-destination-only",
                    "Only the destination of a channel puts a " + Receipt.FILE_NAME + " into a batch folder");
        }
        visibleBatch(account, channel, batchName).requireAcceptsReceiptAt(clock.instant());
    }

    /** Verifies and keeps the destination's signed receipt; a refused one is audited and changes nothing. */
    public void recordReceipt(AccountName account, ChannelName channelName, BatchName batchName, byte[] signed,
            String clientAddress) {
        Channel channel = channelOf(account, channelName);
        Batch batch = BatchLocks.lock(em, visibleBatch(account, channel, batchName).publicId());
        String virtualPath = "/" + channelName + "/" + batchName + "/" + Receipt.FILE_NAME;
        String signedSha256 = Sha256.hex(signed);
        Receipt receipt;
        try {
            receipt = ReceiptCheck.verify(batch, signed);
            batch.recordReceipt(signed, clock.instant());
        } catch (Refused refused) {
            audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.RECEIPT_REFUSED, virtualPath,
                    batch.publicId().value(), clientAddress, refused.reason() + ": " + refused.getMessage()
                            + "; " + signed.length + " bytes, sha256=" + signedSha256));
            throw refused;
        }
        audit.append(AuditRecord.success(account.value(), AuditAction.RECEIPT_RECORDED, virtualPath,
                batch.publicId().value(), clientAddress, "manifest sha256=" + receipt.manifestDigest() + "; "
                        + receipt.files().size() + " file(s) confirmed; verified by the recipient at "
                        + receipt.verifiedAt() + "; receipt sha256=" + signedSha256));
    }

    /** Records how a read ended; returns true when it delivered the batch, which the caller then purges. */
    public boolean finishDownload(DownloadTicket ticket, boolean complete, long bytesRead, String ranges) {
        // Every read states its byte count first: the custody report adds them up per session.
        String read = bytesRead + " bytes read: " + ranges;
        if (ticket.fileId() == null) {
            audit.append(AuditRecord.success(ticket.account().value(), AuditAction.MANIFEST_DOWNLOADED,
                    ticket.virtualPath(), ticket.batch().value(), ticket.clientAddress(), read));
            return false;
        }
        if (!complete) {
            audit.append(AuditRecord.success(ticket.account().value(), AuditAction.DOWNLOAD_INCOMPLETE,
                    ticket.virtualPath(), ticket.batch().value(), ticket.clientAddress(), read));
            return false;
        }
        Batch batch = BatchLocks.lock(em, ticket.batch());
        Instant now = clock.instant();
        if (batch.stateAt(now) != BatchState.AVAILABLE) {
            // Delivered or expired while this read was in flight: the read is recorded, it changes nothing.
            audit.append(AuditRecord.success(ticket.account().value(), AuditAction.DOWNLOAD_INCOMPLETE,
                    ticket.virtualPath(), ticket.batch().value(), ticket.clientAddress(),
                    read + "; completed after the batch left AVAILABLE"));
            return false;
        }
        BatchFile file = fileById(batch, ticket.fileId());
        if (!batch.mayDownload(file)) {
            // A second read that was already open when the first one used up the allowance.
            audit.append(AuditRecord.success(ticket.account().value(), AuditAction.DOWNLOAD_INCOMPLETE,
                    ticket.virtualPath(), ticket.batch().value(), ticket.clientAddress(),
                    read + "; completed beyond the allowed number of downloads"));
            return false;
        }
        boolean delivered = batch.countCompletedDownload(file, now);
        audit.append(AuditRecord.success(ticket.account().value(), AuditAction.FILE_DOWNLOADED, ticket.virtualPath(),
                ticket.batch().value(), ticket.clientAddress(), read));
        if (delivered) {
            audit.append(AuditRecord.success(ticket.account().value(), AuditAction.BATCH_DELIVERED,
                    batch.channel().name() + "/" + batch.name(), ticket.batch().value(), ticket.clientAddress(),
                    "every file read completely " + batch.channel().windows().maxDownloads() + " time(s)"));
        }
        return delivered;
    }

    /** Purges a batch that has just ended, in a transaction of its own so that its end is committed first. */
    public void purgeEnded(BatchId batch) {
        retention.purge(batch);
    }

    /** Records a refused SFTP operation; it survives the rollback of whatever was refused. */
    public void recordRefusal(AccountName account, String operation, String virtualPath, String reason,
            String clientAddress) {
        audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.SFTP_OPERATION_REFUSED, virtualPath, null,
                clientAddress, operation + ": " + reason));
    }

    /** After a crash, files that were still streaming are incomplete: they are discarded, never kept. */
    public int discardInterruptedUploads() {
        List<BatchFile> receiving = em.createQuery("SELECT f FROM BatchFile f WHERE f.state = :state",
                BatchFile.class).setParameter("state", BatchFile.State.RECEIVING).getResultList();
        for (BatchFile file : receiving) {
            store().deletePart(file.batch().publicId(), file.storageKey());
            file.batch().discard(file);
            audit.append(AuditRecord.denied("gateway", AuditAction.FILE_DISCARDED, file.name().value(),
                    file.batch().publicId().value(), null, "upload interrupted by a gateway stop"));
        }
        return receiving.size();
    }

    private Channel channelOf(AccountName account, ChannelName channelName) {
        Optional<Channel> channel = em.createQuery("SELECT c FROM Channel c WHERE c.name = :name", Channel.class)
                .setParameter("name", channelName.value()).getResultStream().findFirst();
        if (channel.isEmpty() || !isSource(account, channel.get()) && !isDestination(account, channel.get())) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No such folder");
        }
        return channel.get();
    }

    private Batch visibleBatch(AccountName account, Channel channel, BatchName batchName) {
        boolean source = isSource(account, channel);
        Instant now = clock.instant();
        return em.createQuery("SELECT b FROM Batch b WHERE b.channel = :channel AND b.name = :name", Batch.class)
                .setParameter("channel", channel).setParameter("name", batchName.value()).getResultStream()
                .filter(batch -> visibleTo(source, batch, now))
                .findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such folder"));
    }

    /** The source sees batches it is filling; the destination sees what it may pull or must confirm. */
    private static boolean visibleTo(boolean source, Batch batch, Instant now) {
        return source ? batch.stateAt(now) == BatchState.UPLOADING : batch.visibleToDestinationAt(now);
    }

    private static BatchFile fileById(Batch batch, long fileId) {
        return batch.files().stream().filter(file -> file.id() == fileId).findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-file", "No such file"));
    }

    private static boolean isSource(AccountName account, Channel channel) {
        return channel.source().name().equals(account);
    }

    private static boolean isDestination(AccountName account, Channel channel) {
        return channel.destination().name().equals(account);
    }

    private static CiphertextStore store() {
        return new CiphertextStore(GatewaySettings.current().storageDirectory());
    }
}
