package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.transfer.control.Upload;
import jp.sekisho.transfer.entity.Refused;

/** The SFTP handle of a file being pushed; a clean close completes it, anything else discards it. */
final class UploadChannel implements SeekableByteChannel {

    private final Upload upload;
    private final GatewayFileSystem fileSystem;
    private final GatewayPath path;
    private long requestedPosition;
    private volatile boolean sessionEnded;
    private boolean open = true;

    UploadChannel(Upload upload, GatewayFileSystem fileSystem, GatewayPath path) {
        this.upload = upload;
        this.fileSystem = fileSystem;
        this.path = path;
    }

    /** The session ended while this handle was open: the upload did not close cleanly. */
    void markSessionEnded() {
        sessionEnded = true;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        try {
            upload.write(requestedPosition, source);
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, "write", path, refused);
        }
        requestedPosition += length;
        return length;
    }

    @Override
    public int read(ByteBuffer target) {
        throw new NonReadableChannelException();
    }

    @Override
    public long position() {
        return requestedPosition;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        requestedPosition = newPosition;
        return this;
    }

    @Override
    public long size() {
        return upload.position();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size != upload.position()) {
            upload.abandon("truncate requested");
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
            upload.abandon("the connection ended before the file was closed");
            return;
        }
        try {
            upload.complete();
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, "close", path, refused);
        }
    }
}
