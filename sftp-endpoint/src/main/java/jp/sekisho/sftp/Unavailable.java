package jp.sekisho.sftp;

import java.io.IOException;

/**
 * The gateway cannot do what was asked now (its storage is full): SFTP's plain failure status, with the core's
 * sentence for the clients that show it, since the client can only wait and try again.
 */
final class Unavailable extends IOException {

    private static final long serialVersionUID = 1L;

    Unavailable(String sentence) {
        super(sentence);
    }
}
