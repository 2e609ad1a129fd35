package jp.sekisho.transfer.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.Receipt;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.Download;
import jp.sekisho.transfer.control.FileWrite;
import jp.sekisho.transfer.control.ReadJournals;
import jp.sekisho.transfer.control.ReceiptCheck;
import jp.sekisho.transfer.control.ReceiptUpload;
import jp.sekisho.transfer.control.StorageAlarm;
import jp.sekisho.transfer.control.StorageFull;
import jp.sekisho.transfer.control.TransfersInFlight;
import jp.sekisho.transfer.control.Upload;
import jp.sekisho.transfer.control.UploadTicket;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchEnded;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchState;

/**
 * Records how each file transfer ended, each in a transaction of its own that starts by locking the batch: a sealed
 * file joins its batch, a discarded one leaves no trace but the audit event, a receipt is verified and kept, a read
 * is counted and may deliver the batch, whose end then purges it. When recording fails (the database is down), what
 * the transfer left is marked for the sweep: an upload's stored bytes, a read's journal.
 */
@Stateless
public class TransferOutcomes {

    private static final Logger LOG = Logger.getLogger(TransferOutcomes.class.getName());

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    Event<BatchEnded> ended;

    @Inject
    CiphertextStore store;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    ReadJournals journals;

    @Inject
    StorageAlarm alarm;

    @Resource
    SessionContext context;

    /**
     * A write handle ended: sealing finishes first, without a transaction, then the outcome is recorded in one of
     * its own. A refusal the client has not heard yet is thrown once the outcome is recorded.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void end(FileWrite write) {
        TransferOutcomes self = context.getBusinessObject(TransferOutcomes.class);
        if (write instanceof ReceiptUpload receipt) {
            receipt.end().ifPresent(self::record);
            return;
        }
        Upload upload = (Upload) write;
        Optional<Upload.Outcome> outcome = upload.end();
        if (outcome.isEmpty()) {
            return;
        }
        String storageKey = upload.ticket().storageKey();
        if (outcome.get() instanceof Upload.Discarded discarded && discarded.why().startsWith(StorageFull.REASON)) {
            alarm.full("an upload (" + upload.virtualPath() + ")", clock.instant());
        }
        try {
            record(self, outcome.get());
            inFlight.uploads().recorded(storageKey);
        } catch (Refused recordedAndTold) {
            inFlight.uploads().recorded(storageKey);
            throw recordedAndTold;
        } catch (RuntimeException notRecorded) {
            inFlight.uploads().notRecorded(storageKey);
            throw notRecorded;
        }
    }

    /** A read ended: its journal goes once the read is recorded, and stays for the sweep when that fails. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void end(Download download) {
        Optional<Download.Outcome> outcome = download.end();
        if (outcome.isEmpty()) {
            return;
        }
        String journal = download.journalId();
        if (outcome.get().ending() != null && outcome.get().ending().startsWith(StorageFull.REASON)) {
            alarm.full("a read (" + outcome.get().ticket().virtualPath() + ")", clock.instant());
        }
        try {
            context.getBusinessObject(TransferOutcomes.class).record(outcome.get());
        } catch (RuntimeException notRecorded) {
            inFlight.reads().notRecorded(journal);
            throw notRecorded;
        }
        inFlight.reads().recorded(journal);
        try {
            journals.delete(journal);
        } catch (RuntimeException e) {
            // Recorded already: a journal left behind would be recorded a second time, as incomplete; say so.
            LOG.log(Level.WARNING, "The read journal " + journal + " of a recorded read could not be deleted", e);
        }
    }

    private void record(TransferOutcomes self, Upload.Outcome outcome) {
        if (outcome instanceof Upload.Sealed sealed) {
            try {
                self.keep(sealed);
            } catch (Refused frozen) {
                // The batch froze or expired while the bytes were streaming: the sealed copy must not stay behind.
                self.discard(new Upload.Discarded(sealed.ticket(), sealed.figures().size(),
                        frozen.reason() + ": " + frozen.getMessage(), frozen));
                store.deleteSealed(sealed.ticket().batch(), sealed.ticket().storageKey());
                throw frozen;
            }
        } else if (outcome instanceof Upload.Discarded discarded) {
            self.discard(discarded);
            if (discarded.untold() != null) {
                throw discarded.untold();
            }
        }
    }

    /** A clean close within the contract: the file counts, with the figures computed while it streamed. */
    public void keep(Upload.Sealed sealed) {
        UploadTicket ticket = sealed.ticket();
        Batch batch = BatchLocks.lock(em, ticket.batch());
        batch.seal(fileOf(batch, ticket.fileId()), sealed.figures().size(), sealed.figures().sha256Hex(),
                sealed.figures().records(), sealed.ciphertextSize(), sealed.ciphertextSha256(), sealed.csvColumns(),
                clock.instant());
        audit.append(AuditRecord.success(ticket.session().name(), AuditAction.FILE_RECEIVED, ticket.virtualPath(),
                ticket.batch().value(), ticket.session().clientAddress(), "size=" + sealed.figures().size()
                        + " sha256=" + sealed.figures().sha256Hex() + " records=" + sealed.figures().records()
                        + " sealedSize=" + sealed.ciphertextSize()));
    }

    /** Nothing of the file stays: its row leaves the batch and the audit trail says how many bytes came and why. */
    public void discard(Upload.Discarded discarded) {
        UploadTicket ticket = discarded.ticket();
        BatchLocks.lockIfPresent(em, ticket.batch())
                .ifPresent(batch -> fileIn(batch, ticket.fileId()).ifPresent(batch::discard));
        audit.append(AuditRecord.denied(ticket.session().name(), AuditAction.FILE_DISCARDED, ticket.virtualPath(),
                ticket.batch().value(), ticket.session().clientAddress(),
                discarded.bytesReceived() + " bytes received; " + discarded.why()));
    }

    /**
     * The destination's signed receipt, kept if it is signed by the key of the certificate the batch was sealed to
     * and states exactly its manifest; a refused one changes nothing and breaks the close with the reason.
     */
    public void record(ReceiptUpload.Outcome outcome) {
        if (outcome instanceof ReceiptUpload.Dropped dropped) {
            audit.append(AuditRecord.denied(dropped.session().name(), AuditAction.RECEIPT_REFUSED,
                    dropped.virtualPath(), dropped.batch().value(), dropped.session().clientAddress(),
                    dropped.refusal().reason() + ": " + dropped.refusal().getMessage()));
            return;
        }
        ReceiptUpload.Received received = (ReceiptUpload.Received) outcome;
        Batch batch = BatchLocks.lock(em, received.batch());
        String signedSha256 = Sha256.hex(received.signed());
        Receipt receipt;
        try {
            receipt = ReceiptCheck.verify(batch, received.signed());
            batch.recordReceipt(received.signed(), clock.instant());
        } catch (Refused refused) {
            audit.appendDenial(AuditRecord.denied(received.session().name(), AuditAction.RECEIPT_REFUSED,
                    received.virtualPath(), batch.publicId().value(), received.session().clientAddress(),
                    refused.reason() + ": " + refused.getMessage() + "; " + received.signed().length
                            + " bytes, sha256=" + signedSha256));
            throw refused;
        }
        audit.append(AuditRecord.success(received.session().name(), AuditAction.RECEIPT_RECORDED,
                received.virtualPath(), batch.publicId().value(), received.session().clientAddress(),
                "manifest sha256=" + receipt.manifestDigest() + "; " + receipt.files().size() + " file(s) confirmed; "
                        + "verified by the recipient at " + receipt.verifiedAt() + "; receipt sha256="
                        + signedSha256));
    }

    /**
     * How a read ended. A file read completely and closed cleanly counts towards the channel's allowed downloads;
     * when every file has been read that often, the batch is delivered and, once that commits, purged. Any other read
     * is recorded without touching the batch, so that recording it never fails on the batch's state.
     */
    public void record(Download.Outcome read) {
        var ticket = read.ticket();
        // Every read states its byte count first: the custody report adds them up per session.
        String detail = read.bytesRead() + " bytes read: " + read.ranges()
                + (read.ending() == null ? "" : "; " + read.ending());
        String actor = ticket.session().name();
        String client = ticket.session().clientAddress();
        if (ticket.fileId() == null) {
            audit.append(AuditRecord.success(actor, AuditAction.MANIFEST_DOWNLOADED, ticket.virtualPath(),
                    ticket.batch().value(), client, detail));
            return;
        }
        if (!read.complete()) {
            audit.append(AuditRecord.success(actor, AuditAction.DOWNLOAD_INCOMPLETE, ticket.virtualPath(),
                    ticket.batch().value(), client, detail));
            return;
        }
        Batch batch = BatchLocks.lock(em, ticket.batch());
        Instant now = clock.instant();
        if (batch.stateAt(now) != BatchState.AVAILABLE) {
            // Delivered or expired while this read was in flight: the read is recorded, it changes nothing.
            audit.append(AuditRecord.success(actor, AuditAction.DOWNLOAD_INCOMPLETE, ticket.virtualPath(),
                    ticket.batch().value(), client, detail + "; completed after the batch left AVAILABLE"));
            return;
        }
        BatchFile file = fileOf(batch, ticket.fileId());
        if (!batch.mayDownload(file)) {
            // A second read that was already open when the first one used up the allowance.
            audit.append(AuditRecord.success(actor, AuditAction.DOWNLOAD_INCOMPLETE, ticket.virtualPath(),
                    ticket.batch().value(), client, detail + "; completed beyond the allowed number of downloads"));
            return;
        }
        boolean delivered = batch.countCompletedDownload(file, now);
        audit.append(AuditRecord.success(actor, AuditAction.FILE_DOWNLOADED, ticket.virtualPath(),
                ticket.batch().value(), client, detail));
        if (delivered) {
            audit.append(AuditRecord.success(actor, AuditAction.BATCH_DELIVERED,
                    batch.channel().name() + "/" + batch.name(), ticket.batch().value(), client,
                    "every file read completely " + batch.channel().windows().maxDownloads() + " time(s)"));
            ended.fire(new BatchEnded(ticket.batch()));
        }
    }

    private static BatchFile fileOf(Batch batch, long fileId) {
        return fileIn(batch, fileId)
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-file", "No such file"));
    }

    private static Optional<BatchFile> fileIn(Batch batch, long fileId) {
        return batch.files().stream().filter(file -> file.id() == fileId).findFirst();
    }
}
