package jp.sekisho.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The secret a metrics scraper presents ({@code Authorization: Bearer <token>}) to read {@code /metrics}. Without one
 * configured nobody reads metrics. It is compared in constant time and never printed.
 */
public final class MetricsToken {

    /** 32 characters: a token from {@code openssl rand -hex 16} or longer; shorter ones are guessable. */
    static final int MINIMUM_LENGTH = 32;

    private final byte[] digest;

    private MetricsToken(String token) {
        this.digest = sha256(token);
    }

    /** Reads the operator's setting; a token shorter than 32 characters stops the gateway at start. */
    public static Optional<MetricsToken> parse(String key, Optional<String> value) {
        return value.map(String::strip).filter(token -> !token.isEmpty()).map(token -> {
            if (token.length() < MINIMUM_LENGTH) {
                throw new IllegalStateException(key + " must be at least " + MINIMUM_LENGTH
                        + " characters (for example: openssl rand -hex 32)");
            }
            return new MetricsToken(token);
        });
    }

    /** Digests of equal length compared in constant time: neither the token nor its length leaks through timing. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MetricsToken[configured]";
    }
}
