package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.shared.Refused;

/**
 * An SFTP handle the client writes into: an uploaded file or a receipt. A clean close completes what was written;
 * a close after the session ended (the client vanished with the handle open) only abandons it.
 */
abstract class WriteOnlyChannel implements SeekableByteChannel {

    final GatewayFileSystem fileSystem;
    final GatewayPath path;
    private volatile boolean sessionEnded;
    private boolean open = true;

    WriteOnlyChannel(GatewayFileSystem fileSystem, GatewayPath path) {
        this.fileSystem = fileSystem;
        this.path = path;
    }

    /** The session ended while this handle was open: what was written did not close cleanly. */
    final void markSessionEnded() {
        sessionEnded = true;
    }

    /** The handle closed cleanly: complete what was written, or refuse it. */
    abstract void complete() throws IOException;

    /** The handle was left open when the session ended. */
    abstract void abandon();

    @Override
    public final int read(ByteBuffer target) {
        throw new NonReadableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size != size()) {
            refuseTruncate();
            throw Refusals.deny(fileSystem, "truncate", path, "no-truncate", "Files cannot be truncated");
        }
        return this;
    }

    /** Called before a truncation is refused. */
    void refuseTruncate() {
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (sessionEnded) {
            abandon();
            return;
        }
        try {
            complete();
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, "close", path, refused);
        }
    }
}
