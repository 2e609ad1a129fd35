package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import jp.sekisho.shared.Refused;

/**
 * Denies in SFTP's own terms: "no such file" for what the account may not know exists, a plain failure with the
 * core's sentence for what the gateway cannot do now (storage full), "permission denied" with the core's sentence for
 * the rest. The core has already audited the refusal; nothing here decides or records anything.
 */
final class Refusals {

    private Refusals() {
    }

    static IOException inSftpTerms(GatewayPath path, Refused refused) {
        if (refused.kind() == Refused.Kind.NOT_FOUND) {
            return new NoSuchFileException(path.toString());
        }
        if (refused.kind() == Refused.Kind.UNAVAILABLE) {
            return new Unavailable(refused.getMessage());
        }
        return new AccessDeniedException(path.toString(), null, refused.getMessage());
    }
}
