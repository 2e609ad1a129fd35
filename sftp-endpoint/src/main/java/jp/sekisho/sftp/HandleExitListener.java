package jp.sekisho.sftp;

import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * MINA closes the handles a session left open the same way a client closes them. This tells those apart first, so
 * that an upload whose connection broke off is discarded instead of completed, and a read cut off is not counted.
 */
final class HandleExitListener implements SftpEventListener {

    @Override
    public void exiting(ServerSession session, Handle handle) {
        if (handle instanceof FileHandle fileHandle && fileHandle.getFileChannel() instanceof WriteChannel written) {
            written.markSessionEnded();
        } else if (handle instanceof FileHandle fileHandle && fileHandle.getFileChannel() instanceof ReadChannel read) {
            read.markSessionEnded();
        }
    }
}
