package jp.sekisho.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file a system account writes into its virtual tree: an upload sealed as it streams, or a signed receipt. The core
 * hands one out when the file is opened ({@code Transfers.openForWrite}) and takes its outcome when the handle ends
 * ({@code Transfers.finish}); it never calls back into the core itself.
 */
public sealed interface FileWrite permits Upload, ReceiptUpload {

    /**
     * Writes at {@code offset}, which must be where the previous write ended.
     *
     * @throws jp.sekisho.shared.Refused when the write breaks the file's rules; nothing of the file is kept then
     */
    void write(long offset, ByteBuffer source) throws IOException;

    /** The bytes received so far. */
    long size();

    /** The connection ended while the handle was open: the file did not close cleanly and nothing of it counts. */
    void connectionLost();

    /** Where the file was written, for the audit trail. */
    String virtualPath();
}
