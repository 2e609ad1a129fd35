package jp.sekisho.transfer.control;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jp.sekisho.sealing.control.SealedFile;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.sealing.control.SealingStream;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;

/**
 * One file arriving over SFTP: bytes are sealed as they stream and only ciphertext reaches the disk. Writes must
 * come in order, from offset zero, each exactly once, and within the channel's data contract; the first write that
 * breaks a rule ends the upload and deletes what was stored. Its end is an {@link Outcome} the core records.
 */
public final class Upload implements FileWrite {

    /** How an upload ended. */
    public sealed interface Outcome permits Sealed, Discarded {
        UploadTicket ticket();
    }

    /** It closed cleanly and within the contract: the sealed file is stored under its final name. */
    public record Sealed(UploadTicket ticket, SealedFile figures, List<String> csvColumns, long ciphertextSize,
            String ciphertextSha256) implements Outcome {
    }

    /**
     * Nothing of it was kept. {@code untold} is the refusal the client has not heard yet (it breaks the close), or
     * null when the client was told at the write that broke it, or is gone.
     */
    public record Discarded(UploadTicket ticket, long bytesReceived, String why, Refused untold) implements Outcome {
    }

    private static final int DISK_BUFFER = 256 * 1024;

    private final CiphertextStore store;
    private final UploadTicket ticket;
    private final CiphertextDigest ciphertext;
    private final SealingStream sealing;
    private final CsvHeader header;
    private long position;
    private Outcome outcome;
    private boolean handedOut;

    private Upload(CiphertextStore store, UploadTicket ticket, Sealer sealer) throws IOException {
        this.store = store;
        this.ticket = ticket;
        this.ciphertext = new CiphertextDigest(
                new BufferedOutputStream(store.createPart(ticket.batch(), ticket.storageKey()), DISK_BUFFER));
        this.sealing = sealer.open(ciphertext, ticket.hasHeaderLine());
        this.header = ticket.hasHeaderLine() ? new CsvHeader(ticket.virtualPath()) : null;
    }

    /** Starts sealing into a new partial file of the batch's storage. */
    public static Upload start(CiphertextStore store, UploadTicket ticket, Sealer sealer) throws IOException {
        return new Upload(store, ticket, sealer);
    }

    public UploadTicket ticket() {
        return ticket;
    }

    @Override
    public String virtualPath() {
        return ticket.virtualPath();
    }

    @Override
    public long size() {
        return position;
    }

    @Override
    public void write(long offset, ByteBuffer source) throws IOException {
        if (outcome != null) {
            throw new Refused(Refused.Kind.CONFLICT, "upload-ended", "The upload has already ended");
        }
        if (offset != position) {
            throw breakOff(new Refused(Refused.Kind.FORBIDDEN, "out-of-order-write",
                    "Files are written once, sequentially, from the start"), "write at offset " + offset + " while "
                    + position + " bytes were received (no seeking, no resume, no append)");
        }
        int length = source.remaining();
        try {
            ticket.contract().checkFileBytes(position + length);
            if (header != null && !header.complete()) {
                header.read(source.duplicate());
                if (header.complete()) {
                    ticket.contract().checkCsvColumns(header.columns());
                }
            }
        } catch (Refused violation) {
            throw breakOff(violation, violation.reason() + ": " + violation.getMessage());
        }
        try {
            if (source.hasArray()) {
                sealing.write(source.array(), source.arrayOffset() + source.position(), length);
                source.position(source.limit());
            } else {
                byte[] chunk = new byte[length];
                source.get(chunk);
                sealing.write(chunk);
            }
        } catch (IOException | RuntimeException failed) {
            // Whatever storage refused, the upload ends here: a later write must not find it half-alive.
            throw breakOff(StorageFull.causedBy(failed) ? StorageFull.uploadRefused() : notStored(),
                    storageFailure(failed));
        }
        position += length;
    }

    @Override
    public void connectionLost() {
        if (outcome == null) {
            discard("the connection ended before the file was closed", null);
        }
    }

    /**
     * The handle's end: a clean close finishes the seal and keeps the file if it is within the contract; anything
     * else has already deleted it. The outcome is handed out once, for the core to record.
     */
    public Optional<Outcome> end() {
        if (handedOut) {
            return Optional.empty();
        }
        handedOut = true;
        if (outcome == null) {
            outcome = complete();
        }
        return Optional.of(outcome);
    }

    private Outcome complete() {
        SealedFile sealed;
        try {
            sealed = sealing.finish();
        } catch (IOException | RuntimeException e) {
            return discard(storageFailure(e), StorageFull.causedBy(e) ? StorageFull.uploadRefused() : notStored());
        }
        List<String> columns = header == null ? List.of() : header.columns();
        try {
            ticket.contract().checkFileRecords(sealed.records());
            if (header != null && !header.complete()) {
                // A file without a newline is all header; its columns were not checked while it streamed.
                ticket.contract().checkCsvColumns(columns);
            }
            store.commitPart(ticket.batch(), ticket.storageKey());
        } catch (Refused violation) {
            return discard(violation.reason() + ": " + violation.getMessage(), violation);
        } catch (IOException | RuntimeException e) {
            return discard(storageFailure(e), StorageFull.causedBy(e) ? StorageFull.uploadRefused() : notStored());
        }
        return new Sealed(ticket, sealed, columns, ciphertext.count(), ciphertext.sha256Hex());
    }

    /** Why storage failed, for the audit trail: a full disk named as such, anything else by its kind only. */
    private static String storageFailure(Exception failure) {
        return StorageFull.causedBy(failure) ? StorageFull.REASON + ": no space left on the storage's file system"
                : "sealing failed: " + failure.getClass().getSimpleName();
    }

    /** The client closed cleanly but the gateway could not store the file: it must hear so, not find it missing. */
    private static Refused notStored() {
        return new Refused(Refused.Kind.CONFLICT, "upload-not-stored",
                "The file could not be stored and nothing of it was kept; upload it again");
    }

    /** Ends the upload at a write that broke a rule; the caller throws the refusal, so the client hears it now. */
    private Refused breakOff(Refused refusal, String why) {
        try {
            sealing.close();
        } catch (IOException e) {
            // The partial file is deleted below whatever state its stream was left in.
        }
        discard(why, null);
        return refusal;
    }

    private Outcome discard(String why, Refused untold) {
        store.deletePart(ticket.batch(), ticket.storageKey());
        outcome = new Discarded(ticket, position, why, untold);
        return outcome;
    }

    /** Counts and hashes the ciphertext on its way to disk, for the deletion certificate and the manifest. */
    private static final class CiphertextDigest extends FilterOutputStream {

        private final MessageDigest sha256 = Sha256.digest();
        private long count;

        CiphertextDigest(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha256.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha256.update(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
