package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.control.Download;

/** The SFTP handle of a sealed file or manifest being pulled; its close hands the read's end to the core. */
final class ReadChannel implements SeekableByteChannel {

    private final Transfers door;
    private final Download download;
    private final GatewayPath path;
    private long position;
    private boolean open = true;

    ReadChannel(Transfers door, Download download, GatewayPath path) {
        this.door = door;
        this.download = download;
        this.path = path;
    }

    /** The session ended while this handle was open: the read did not end with a clean close. */
    void markSessionEnded() {
        download.connectionLost();
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        int read;
        try {
            read = download.read(position, target);
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(path, refused);
        }
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return download.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            door.finish(download);
        }
    }
}
