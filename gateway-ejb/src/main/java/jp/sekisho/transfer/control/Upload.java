package jp.sekisho.transfer.control;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Transfers;

/**
 * One file arriving over SFTP: bytes are sealed as they stream and only ciphertext reaches the disk. Writes must
 * come in order, from offset zero, each exactly once; the file counts only if {@link #complete()} succeeds.
 */
public final class Upload {

    private static final int DISK_BUFFER = 256 * 1024;

    private final Transfers transfers;
    private final CiphertextStore store;
    private final UploadTicket ticket;
    private final CiphertextDigest ciphertext;
    private final SealingStream sealing;
    private final CsvHeader header;
    private long position;
    private boolean ended;

    public Upload(Transfers transfers, CiphertextStore store, UploadTicket ticket, Sealer sealer) throws IOException {
        this.transfers = transfers;
        this.store = store;
        this.ticket = ticket;
        this.ciphertext = new CiphertextDigest(
                new BufferedOutputStream(store.createPart(ticket.batch(), ticket.storageKey()), DISK_BUFFER));
        this.sealing = sealer.open(ciphertext, ticket.hasHeaderLine());
        this.header = ticket.hasHeaderLine() ? new CsvHeader(ticket.virtualPath()) : null;
    }

    public UploadTicket ticket() {
        return ticket;
    }

    public long position() {
        return position;
    }

    public void write(long offset, ByteBuffer source) throws IOException {
        if (ended) {
            throw new Refused(Refused.Kind.CONFLICT, "upload-ended", "The upload has already ended");
        }
        if (offset != position) {
            abandon("write at offset " + offset + " while " + position + " bytes were received (no seeking, "
                    + "no resume, no append)");
            throw new Refused(Refused.Kind.FORBIDDEN, "out-of-order-write",
                    "Files are written once, sequentially, from the start");
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
            abandon(violation.reason() + ": " + violation.getMessage());
            throw violation;
        }
        if (source.hasArray()) {
            sealing.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
        } else {
            byte[] chunk = new byte[length];
            source.get(chunk);
            sealing.write(chunk);
        }
        position += length;
    }

    /** The upload closed cleanly: finish the seal, make the file visible and record its figures. */
    public void complete() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        SealedFile sealed;
        try {
            sealed = sealing.finish();
        } catch (IOException | RuntimeException e) {
            discard("sealing failed: " + e.getClass().getSimpleName());
            throw e;
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
            discard(violation.reason() + ": " + violation.getMessage());
            throw violation;
        } catch (IOException | RuntimeException e) {
            discard("sealing failed: " + e.getClass().getSimpleName());
            throw e;
        }
        try {
            transfers.completeUpload(ticket, sealed, columns, ciphertext.count(), ciphertext.sha256Hex());
        } catch (Refused refused) {
            // The batch froze or expired while the bytes were streaming: the sealed copy must not stay behind.
            store.deleteSealed(ticket.batch(), ticket.storageKey());
            transfers.discardUpload(ticket, position, refused.reason() + ": " + refused.getMessage());
            throw refused;
        }
    }

    /** The upload broke off or was refused: nothing of it stays, in storage or in the batch. */
    public void abandon(String why) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            sealing.close();
        } catch (IOException e) {
            // The partial file is deleted below whatever state its stream was left in.
        }
        discard(why);
    }

    private void discard(String why) {
        store.deletePart(ticket.batch(), ticket.storageKey());
        transfers.discardUpload(ticket, position, why);
    }

    /** Counts and hashes the ciphertext on its way to disk, for the deletion certificate and the manifest. */
    private static final class CiphertextDigest extends FilterOutputStream {

        private final MessageDigest sha256;
        private long count;

        CiphertextDigest(OutputStream out) {
            super(out);
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
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
