package jp.sekisho.formats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jp.sekisho.shared.CanonicalJson;

/**
 * {@code hash = SHA-256(prev_hash ‖ canonical event)}, where prev_hash is the previous event's 32 raw bytes.
 * The static methods serve one event at a time (appending); an instance reuses one digest and one buffer for long runs
 * (verifying an export of millions of events) and is not to be shared between threads.
 */
public final class ChainHasher {

    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256 = sha256();
    private final StringBuilder canonical = new StringBuilder(512);
    private final byte[] previous = new byte[32];

    /**
     * An event's content exactly as the chain hashes it, in plain text. The action and outcome are names, not enums,
     * so that an export from a newer gateway, with actions this version does not know, still verifies.
     */
    public record Content(long seq, String at, String actor, String action, String outcome, String subject,
            String batch, String client, String detail) {
    }

    /** {@code {"v":1,"seq":…,"at":…,"actor":…,"action":…,"outcome":…,"subject":…,"batch":…,"client":…,"detail":…}}. */
    public static String canonicalEvent(Content content) {
        StringBuilder out = new StringBuilder(256);
        appendCanonical(out, content);
        return out.toString();
    }

    public static String hash(String prevHash, String canonicalEvent) {
        MessageDigest sha256 = sha256();
        sha256.update(HEX.parseHex(prevHash));
        return HEX.formatHex(sha256.digest(canonicalEvent.getBytes(StandardCharsets.UTF_8)));
    }

    /** The same as {@code hash(prevHash, canonicalEvent(content))}, without a new digest or map per event. */
    public String hashOf(String prevHash, Content content) {
        for (int i = 0; i < previous.length; i++) {
            previous[i] = (byte) HexFormat.fromHexDigits(prevHash, 2 * i, 2 * i + 2);
        }
        sha256.update(previous);
        canonical.setLength(0);
        appendCanonical(canonical, content);
        return HEX.formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void appendCanonical(StringBuilder out, Content content) {
        out.append("{\"v\":1,\"seq\":").append(content.seq());
        appendField(out, "at", content.at());
        appendField(out, "actor", content.actor());
        appendField(out, "action", content.action());
        appendField(out, "outcome", content.outcome());
        appendField(out, "subject", content.subject());
        appendField(out, "batch", content.batch());
        appendField(out, "client", content.client());
        appendField(out, "detail", content.detail());
        out.append('}');
    }

    private static void appendField(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        if (value == null) {
            out.append("null");
        } else {
            CanonicalJson.appendString(out, value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
