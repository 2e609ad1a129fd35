package jp.sekisho.sftp;

import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * MINA closes the handles a session left open the same way a client closes them. This tells the upload apart first,
 * so that a file whose connection broke off is discarded instead of completed.
 */
final class HandleExitListener implements SftpEventListener {

    @Override
    public void exiting(ServerSession session, Handle handle) {
        if (handle instanceof FileHandle fileHandle && fileHandle.getFileChannel() instanceof WriteChannel written) {
            written.markSessionEnded();
        }
    }
}
