package jp.sekisho.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.transfer.control.ReceiptCheck;
import jp.sekisho.transfer.entity.BatchName;
import jp.sekisho.transfer.entity.Refused;

/**
 * The SFTP handle of a receipt the destination puts into a batch folder. A receipt is small, so it is collected in
 * memory and verified when the handle closes; a refused receipt fails the close with the reason.
 */
final class ReceiptChannel implements SeekableByteChannel {

    private final GatewayFileSystem fileSystem;
    private final GatewayPath path;
    private final ChannelName channel;
    private final BatchName batch;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean sessionEnded;
    private boolean open = true;

    ReceiptChannel(GatewayFileSystem fileSystem, GatewayPath path, ChannelName channel, BatchName batch) {
        this.fileSystem = fileSystem;
        this.path = path;
        this.channel = channel;
        this.batch = batch;
    }

    void markSessionEnded() {
        sessionEnded = true;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (received.size() + (long) length > ReceiptCheck.MAX_RECEIPT_BYTES) {
            throw Refusals.deny(fileSystem, "write", path, "receipt-too-large",
                    "A receipt is at most " + ReceiptCheck.MAX_RECEIPT_BYTES + " bytes");
        }
        byte[] bytes = new byte[length];
        source.get(bytes);
        received.write(bytes);
        return length;
    }

    @Override
    public int read(ByteBuffer target) {
        throw new NonReadableChannelException();
    }

    @Override
    public long position() {
        return received.size();
    }

    /** Receipts are written in one pass, from the start; any other position is refused. */
    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition != received.size()) {
            throw Refusals.deny(fileSystem, "write", path, "out-of-order-write",
                    "A receipt is written sequentially from its first byte");
        }
        return this;
    }

    @Override
    public long size() {
        return received.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size != received.size()) {
            throw Refusals.deny(fileSystem, "truncate", path, "no-truncate", "Files cannot be truncated");
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (sessionEnded) {
            return;
        }
        try {
            fileSystem.transfers().recordReceipt(fileSystem.account(), channel, batch, received.toByteArray(),
                    fileSystem.clientAddress());
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, "close", path, refused);
        }
    }
}
