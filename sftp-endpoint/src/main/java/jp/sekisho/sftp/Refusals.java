package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import jp.sekisho.shared.Refused;

/**
 * Denies in SFTP's own terms: "no such file" for what the account may not know exists, "permission denied" for the
 * rest. The audit trail gets the reason code; the client gets the path and a sentence written for it.
 */
final class Refusals {

    private Refusals() {
    }

    static IOException deny(GatewayFileSystem fileSystem, String operation, GatewayPath path, Refused refused) {
        fileSystem.transfers().recordRefusal(fileSystem.account(), operation, path.toString(), refused.reason(),
                fileSystem.clientAddress());
        if (refused.kind() == Refused.Kind.NOT_FOUND) {
            return new NoSuchFileException(path.toString());
        }
        return new AccessDeniedException(path.toString(), null, refused.getMessage());
    }

    static IOException deny(GatewayFileSystem fileSystem, String operation, GatewayPath path, String reason,
            String message) {
        return deny(fileSystem, operation, path, new Refused(Refused.Kind.FORBIDDEN, reason, message));
    }
}
