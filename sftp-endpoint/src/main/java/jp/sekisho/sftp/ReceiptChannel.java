package jp.sekisho.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.transfer.control.ReceiptCheck;
import jp.sekisho.transfer.entity.BatchName;

/**
 * The SFTP handle of a receipt the destination puts into a batch folder. A receipt is small, so it is collected in
 * memory and verified when the handle closes; a refused receipt fails the close with the reason.
 */
final class ReceiptChannel extends WriteOnlyChannel {

    private final ChannelName channel;
    private final BatchName batch;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    ReceiptChannel(GatewayFileSystem fileSystem, GatewayPath path, ChannelName channel, BatchName batch) {
        super(fileSystem, path);
        this.channel = channel;
        this.batch = batch;
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

    /** Verified by the core, which audits a refusal; the client learns why through the failed close. */
    @Override
    void complete() {
        fileSystem.transfers().recordReceipt(fileSystem.account(), channel, batch, received.toByteArray(),
                fileSystem.clientAddress());
    }

    /** A receipt cut off with its session is simply not kept. */
    @Override
    void abandon() {
    }
}
