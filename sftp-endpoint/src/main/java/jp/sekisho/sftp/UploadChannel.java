package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.control.Upload;

/** The SFTP handle of a file being pushed; a clean close completes it, anything else discards it. */
final class UploadChannel extends WriteOnlyChannel {

    private final Upload upload;
    private long requestedPosition;

    UploadChannel(Upload upload, GatewayFileSystem fileSystem, GatewayPath path) {
        super(fileSystem, path);
        this.upload = upload;
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
    void refuseTruncate() {
        upload.abandon("truncate requested");
    }

    @Override
    void complete() throws IOException {
        upload.complete();
    }

    @Override
    void abandon() {
        upload.abandon("the connection ended before the file was closed");
    }
}
