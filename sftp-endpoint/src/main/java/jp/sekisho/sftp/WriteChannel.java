package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.control.FileWrite;
import jp.sekisho.transfer.entity.ForbiddenOperation;

/**
 * The SFTP handle of a file the client writes (an upload or a receipt). Writes go to the core's {@link FileWrite}; a
 * write it refuses ends the file at once, and its end is handed to the core, which records it. A clean close hands
 * over the end as well; a close after the session ended (the client vanished with the handle open) first says so.
 */
final class WriteChannel implements SeekableByteChannel {

    private final Transfers door;
    private final FileWrite file;
    private final GatewayPath path;
    private volatile boolean sessionEnded;
    private long requestedPosition;
    private boolean open = true;

    WriteChannel(Transfers door, FileWrite file, GatewayPath path) {
        this.door = door;
        this.file = file;
        this.path = path;
    }

    /** The session ended while this handle was open: what was written did not close cleanly. */
    void markSessionEnded() {
        sessionEnded = true;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        try {
            file.write(requestedPosition, source);
        } catch (Refused refused) {
            throw ended(refused);
        }
        requestedPosition += length;
        return length;
    }

    /** MINA truncates through a setstat, which the subsystem refuses before any handle is involved. */
    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        throw GatewayFileSystemProvider.forbidden(path, ForbiddenOperation.TRUNCATE, null);
    }

    @Override
    public long position() {
        return requestedPosition;
    }

    /** Where the next write goes; the core refuses a write anywhere but at the end of what it received. */
    @Override
    public SeekableByteChannel position(long newPosition) {
        requestedPosition = newPosition;
        return this;
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public int read(ByteBuffer target) {
        throw new NonReadableChannelException();
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
            file.connectionLost();
        }
        try {
            door.finish(file);
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(path, refused);
        }
    }

    /** A refused write ends the file: the core records its end now, and the client hears why. */
    private IOException ended(Refused refused) {
        door.finish(file);
        return Refusals.inSftpTerms(path, refused);
    }
}
