package jp.sekisho.sessionids;

import java.security.SecureRandom;
import java.util.HexFormat;

import com.sun.enterprise.util.uuid.UuidGenerator;

/**
 * Session ids for the web container: 256 bits from {@link SecureRandom}, nothing else. The container's own ids
 * begin with the clock in milliseconds and a hash code, and carry well under 64 random bits; a console session id is
 * the official's credential between requests, so nothing about it may be guessable.
 * <p>
 * The container loads this class by name ({@code session-id-generator-classname}), so it must stay public with a
 * public no-argument constructor.
 */
public class RandomSessionIds implements UuidGenerator {

    static final int RANDOM_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String generateUuid() {
        byte[] id = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(id);
        return HEX.formatHex(id);
    }

    /** The container passes the new session; an id must not depend on it, so it is ignored. */
    @Override
    public String generateUuid(Object session) {
        return generateUuid();
    }
}
