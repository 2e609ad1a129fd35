package jp.sekisho.web;

import jp.sekisho.shared.Refused;

/** The HTTP status of each kind of refusal, the same for the API and the console. */
public final class RefusalStatus {

    private RefusalStatus() {
    }

    public static int of(Refused.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case THROTTLED -> 429;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
        };
    }
}
