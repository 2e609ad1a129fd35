package jp.sekisho.transfer.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.RecordCounter;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.control.AccountView;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.Download;
import jp.sekisho.transfer.control.DownloadTicket;
import jp.sekisho.transfer.control.FileWrite;
import jp.sekisho.transfer.control.ReadJournal;
import jp.sekisho.transfer.control.ReadJournals;
import jp.sekisho.transfer.control.ReceiptUpload;
import jp.sekisho.transfer.control.StorageAlarm;
import jp.sekisho.transfer.control.StorageFull;
import jp.sekisho.transfer.control.TransfersInFlight;
import jp.sekisho.transfer.control.Upload;
import jp.sekisho.transfer.control.UploadTicket;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.FileName;
import jp.sekisho.transfer.entity.FolderEntry;
import jp.sekisho.transfer.entity.ForbiddenOperation;
import jp.sekisho.transfer.entity.VirtualPath;

/**
 * The one door for file operations, whatever the protocol: a system account lists and looks up its virtual tree,
 * creates batch folders, opens files to write (uploads, receipts) or to read (sealed files, the manifest), and the
 * end of each handle is taken here. The core decides what every path is; a protocol adapter only maps its operations
 * to these calls and a {@link Refused} to its own status. Every refusal is audited exactly once, here.
 */
@Stateless
public class Transfers {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    TransferOutcomes outcomes;

    @Inject
    Clock clock;

    @Inject
    CiphertextStore store;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    ReadJournals journals;

    @Inject
    StorageAlarm alarm;

    @EJB
    UploadLeases leases;

    /** The entries of a folder; a folder the account may not see does not exist. Lookups are not audited. */
    public List<FolderEntry> list(AccountSession session, VirtualPath folder) {
        return view(session).list(folder);
    }

    public FolderEntry stat(AccountSession session, VirtualPath path) {
        return view(session).stat(path);
    }

    /** {@code mkdir} directly in a channel folder creates a batch, for the channel's source only. */
    public void createFolder(AccountSession session, VirtualPath folder) {
        try {
            if (!folder.isBatchFolder()) {
                throw new Refused(Refused.Kind.FORBIDDEN, "mkdir-outside-channel",
                        "Folders can be created only directly inside a channel folder (one folder per batch)");
            }
            AccountView view = view(session);
            Channel channel = view.channel(folder.channel());
            requireSource(view, channel);
            boolean taken = !em.createQuery("SELECT b.id FROM Batch b WHERE b.channel = :channel "
                    + "AND b.name = :name", Long.class).setParameter("channel", channel)
                    .setParameter("name", folder.batch().value()).getResultList().isEmpty();
            if (taken) {
                throw new Refused(Refused.Kind.CONFLICT, "batch-name-taken",
                        "A batch of that name exists or existed on this channel; choose a new name");
            }
            Batch batch = Batch.open(channel, folder.batch(), clock.instant());
            em.persist(batch);
            audit.append(AuditRecord.success(session.name(), AuditAction.BATCH_CREATED, folder.toString().substring(1),
                    batch.publicId().value(), session.clientAddress(), "submit before " + batch.expiresAt()));
        } catch (Refused refused) {
            throw refusal(session, "mkdir", folder, refused);
        }
    }

    /** A file to write: an upload into a batch the source is filling, or the destination's signed receipt. */
    public FileWrite openForWrite(AccountSession session, VirtualPath file) {
        Batch batch;
        try {
            AccountView view = view(session);
            requireFileInBatch(file);
            Channel channel = view.channel(file.channel());
            Batch visible = view.batch(channel, file.batch());
            if (Receipt.FILE_NAME.equals(file.fileName()) && !view.isSource(channel)) {
                visible.requireAcceptsReceiptAt(clock.instant());
                return new ReceiptUpload(session, visible.publicId(), file.toString());
            }
            requireSource(view, channel);
            batch = BatchLocks.lock(em, visible.publicId());
        } catch (Refused refused) {
            throw refusal(session, "write", file, refused);
        }
        try {
            return beginUpload(session, batch, file);
        } catch (Refused refused) {
            if (refused.reason().startsWith("contract-") || refused.reason().equals(StorageFull.REASON)) {
                // Shown to the requester with the batch, like files refused while streaming; audited as that.
                audit.appendDenial(AuditRecord.denied(session.name(), AuditAction.FILE_DISCARDED, file.toString(),
                        batch.publicId().value(), session.clientAddress(), "0 bytes received; " + refused.reason()
                                + ": " + refused.getMessage()));
                throw refused;
            }
            throw refusal(session, "write", file, refused);
        }
    }

    /** A sealed file, the released manifest or its signature, for the destination only. */
    public Download openForRead(AccountSession session, VirtualPath file) {
        try {
            AccountView view = view(session);
            requireFileInBatch(file);
            Channel channel = view.channel(file.channel());
            Batch batch = view.batch(channel, file.batch());
            if (view.isSource(channel)) {
                throw new Refused(Refused.Kind.FORBIDDEN, "source-is-write-only",
                        "The source of a channel cannot read files back");
            }
            String name = file.fileName();
            if (ReleasedManifest.FILE_NAME.equals(name) || ReleasedManifest.SIGNATURE_FILE_NAME.equals(name)) {
                return journaled(new DownloadTicket(session, batch.publicId(), null, file.toString()), null,
                        ReleasedManifest.FILE_NAME.equals(name)
                                ? batch.release().manifestJson().getBytes(StandardCharsets.UTF_8)
                                : batch.release().signature());
            }
            BatchFile sealed = batch.fileBySealedName(name).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                    "no-such-file", "No such file"));
            batch.requireMayDownload(sealed);
            return journaled(new DownloadTicket(session, batch.publicId(), sealed.id(), file.toString()),
                    store.openSealed(batch.publicId(), sealed.storageKey()), null);
        } catch (Refused refused) {
            throw refusal(session, "read", file, refused);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A write handle ended (closed, broken at a write, or left open by a lost connection): what it produced is
     * kept or discarded and recorded once. A refusal the client has not heard yet is thrown, so that the close fails
     * with it.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void finish(FileWrite write) {
        outcomes.end(write);
    }

    /** A read handle closed (or was left open by a lost connection): the read is recorded whatever else fails. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void finish(Download download) {
        outcomes.end(download);
    }

    /** An operation the tree never allows: it is audited, and the refusal handed back to be thrown. */
    public Refused refuse(AccountSession session, ForbiddenOperation operation, VirtualPath path, String detail) {
        return refusal(session, operation.verb() + (detail == null ? "" : " " + detail), path,
                operation.refusal());
    }

    private FileWrite beginUpload(AccountSession session, Batch batch, VirtualPath path) {
        FileName name = FileName.of(path.fileName());
        String storageKey = UUID.randomUUID().toString();
        BatchFile file = batch.receive(name, storageKey, clock.instant());
        leases.take(file);
        em.flush();
        Sealer sealer;
        try {
            sealer = new Sealer(List.of(SelfSignedCredentials.parseCertificatePem(batch.recipientCertificatePem())),
                    clock.instant());
        } catch (InvalidValue unusable) {
            throw new Refused(Refused.Kind.FORBIDDEN, "recipient-certificate-unusable",
                    "The channel's recipient certificate cannot be used (" + unusable.getMessage()
                            + "); an administrator must register a current one");
        }
        UploadTicket ticket = new UploadTicket(session, batch.publicId(), file.id(), storageKey, path.toString(),
                RecordCounter.hasHeaderLine(name.value()), batch.channel().dataContract());
        inFlight.uploads().began(storageKey);
        try {
            return Upload.start(store, ticket, sealer);
        } catch (IOException | RuntimeException e) {
            // This transaction rolls back: whatever the start stored is left to the reconciliation of storage.
            inFlight.uploads().notRecorded(storageKey);
            if (StorageFull.causedBy(e)) {
                alarm.full("an upload's start (" + path + ")", clock.instant());
                throw StorageFull.uploadRefused();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A read starts with its journal: no byte of it leaves unless the journal holds its range first. */
    private Download journaled(DownloadTicket ticket, FileChannel sealed, byte[] document) throws IOException {
        ReadJournal journal;
        try {
            journal = journals.open(ticket, sealed != null ? sealed.size() : document.length, clock.instant());
        } catch (IOException | RuntimeException e) {
            if (sealed != null) {
                sealed.close();
            }
            if (StorageFull.causedBy(e)) {
                alarm.full("a read's journal (" + ticket.virtualPath() + ")", clock.instant());
                throw StorageFull.readRefused();
            }
            throw e;
        }
        inFlight.reads().began(journal.id());
        return sealed != null ? Download.ofSealedFile(ticket, sealed, journal)
                : Download.ofDocument(ticket, document, journal);
    }

    private AccountView view(AccountSession session) {
        return new AccountView(em, session, clock.instant());
    }

    private static void requireSource(AccountView view, Channel channel) {
        if (!view.isSource(channel)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "destination-is-read-only",
                    "The destination of a channel can only read");
        }
    }

    private static void requireFileInBatch(VirtualPath file) {
        if (!file.isFileInBatch()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-a-batch-file",
                    "Files exist only inside a batch folder: /<channel>/<batch>/<file>");
        }
    }

    /** Audits a refused operation in a transaction of its own, so that it survives the rollback. */
    private Refused refusal(AccountSession session, String operation, VirtualPath path, Refused refused) {
        audit.appendDenial(AuditRecord.denied(session.name(), AuditAction.SFTP_OPERATION_REFUSED, path.toString(),
                null, session.clientAddress(), operation + ": " + refused.reason()));
        return refused;
    }
}
