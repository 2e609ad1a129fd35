package jp.sekisho.sftp;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;

import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

import jp.sekisho.persistence.DatabaseWatch;

/**
 * What an SFTP client reads when something is refused: the status and, for clients that show it (lftp, rclone,
 * paramiko, MINA), the sentence the core wrote for the client, or "service unavailable" while the database does not
 * answer. Internal exception messages never go out.
 */
final class ClientFacingErrors implements SftpErrorStatusDataHandler {

    private static final int VERSION_WITHOUT_ALREADY_EXISTS = 3;

    @Override
    public int resolveSubStatus(SftpSubsystemEnvironment sftp, int id, Throwable failure, int cmd, Object... args) {
        // SFTP v3 has no "already exists" status; OpenSSH would print "Unknown status".
        if (failure instanceof FileAlreadyExistsException && sftp.getVersion() <= VERSION_WITHOUT_ALREADY_EXISTS) {
            return SftpConstants.SSH_FX_FAILURE;
        }
        return SftpErrorStatusDataHandler.super.resolveSubStatus(sftp, id, failure, cmd, args);
    }

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable failure, int subStatus,
            int cmd, Object... args) {
        if (failure instanceof FileAlreadyExistsException) {
            return "Already exists: batch and file names are used once";
        }
        if (failure instanceof AccessDeniedException denied && denied.getReason() != null) {
            return "Permission denied: " + denied.getReason();
        }
        if (failure instanceof Unavailable unavailable) {
            return unavailable.getMessage();
        }
        // The core failed rather than refused: when that is because its database does not answer, the client can
        // only wait, and is told so (the database watch logs the outage once).
        if (failure instanceof RuntimeException && DatabaseWatch.current().explains(failure)) {
            DatabaseWatch.current().refused();
            return DatabaseWatch.SENTENCE;
        }
        return SftpHelper.resolveStatusMessage(subStatus);
    }
}
