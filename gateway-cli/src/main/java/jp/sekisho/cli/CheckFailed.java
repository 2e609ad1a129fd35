package jp.sekisho.cli;

/**
 * A batch, receipt or key that does not pass a check. The message names what failed (the file and the check) so
 * that the person running the tool knows whether to ask the gateway's operators, the city, or their own admin.
 */
final class CheckFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CheckFailed(String message) {
        super(message);
    }

    CheckFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
