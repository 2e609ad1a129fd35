package jp.sekisho.sealing.control;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import jp.sekisho.formats.RecordCounter;

/**
 * The plaintext side of one file being sealed. Every byte written is hashed, counted for lines and
 * encrypted into a CMS AuthEnvelopedData structure on the ciphertext stream; nothing is kept beyond
 * fixed-size buffers, so memory does not depend on the file's size.
 * <p>
 * Call {@link #finish()} when the upload completed cleanly. {@link #close()} without {@code finish()}
 * means the upload was abandoned: the ciphertext stream is closed as it is, without the
 * authentication tag, so what was written cannot be mistaken for a sealed file.
 * <p>
 * Not thread-safe: one upload, one writer.
 */
public final class SealingStream extends OutputStream {

    /**
     * Bouncy Castle's tag capture and SunJCE's GCM both pay per call; coalescing small writes keeps
     * an SFTP client that sends tiny packets (or a caller using write(int)) from being slow.
     */
    private static final int ENCRYPTION_BATCH_BYTES = 64 * 1024;

    private final OutputStream plaintextIntoCms;
    private final OutputStream ciphertextOut;
    private final MessageDigest sha256;
    private final RecordCounter records;
    private final long maxPlaintextBytes;

    private long size;
    private boolean ended;
    /** After a failed write the ciphertext is in an unknown state, so it must never be finished. */
    private boolean broken;

    SealingStream(OutputStream cmsContentStream, OutputStream ciphertextOut, boolean hasHeaderLine,
                  long maxPlaintextBytes) {
        this.plaintextIntoCms = new BufferedOutputStream(
                Objects.requireNonNull(cmsContentStream, "cmsContentStream"), ENCRYPTION_BATCH_BYTES);
        this.ciphertextOut = Objects.requireNonNull(ciphertextOut, "ciphertextOut");
        this.records = new RecordCounter(hasHeaderLine);
        this.maxPlaintextBytes = maxPlaintextBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        ensureRoomFor(1);
        try {
            plaintextIntoCms.write(b);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        sha256.update((byte) b);
        records.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        if (length == 0) {
            return;
        }
        ensureRoomFor(length);
        try {
            plaintextIntoCms.write(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        sha256.update(bytes, offset, length);
        records.update(bytes, offset, length);
        size += length;
    }

    /**
     * Completes the CMS structure (the GCM tag and the closing BER markers), closes the ciphertext
     * stream and returns the figures for the manifest.
     *
     * @throws IOException if writing the ciphertext failed at any point; the file is then unusable
     */
    public SealedFile finish() throws IOException {
        ensureOpen();
        ended = true;
        try {
            // Closing the CMS content stream is what writes the tag; it leaves ciphertextOut open.
            plaintextIntoCms.close();
            ciphertextOut.flush();
        } finally {
            ciphertextOut.close();
        }
        return new SealedFile(size, HexFormat.of().formatHex(sha256.digest()), records.records());
    }

    /**
     * Abandons the file unless {@link #finish()} already ran: the ciphertext stream is closed
     * without the tag, leaving a truncated structure that no recipient will accept.
     */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        ciphertextOut.close();
    }

    private void ensureOpen() throws IOException {
        if (ended) {
            throw new IOException("the sealed file was already finished or abandoned");
        }
        if (broken) {
            throw new IOException("an earlier write of this sealed file failed; it must be discarded");
        }
    }

    /** Refused before anything reaches the cipher, so the failure is ours and not SunJCE's. */
    private void ensureRoomFor(int length) throws IOException {
        if (length > maxPlaintextBytes - size) {
            broken = true;
            throw new IOException("the file is larger than the " + maxPlaintextBytes
                    + " bytes a single file can be sealed in");
        }
    }
}
