package jp.sekisho.audit.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.transfer.control.CanonicalJson;

/** {@code hash = SHA-256(prev_hash ‖ canonical event)}, where prev_hash is the previous event's 32 raw bytes. */
public final class ChainHasher {

    public static final String GENESIS = "0".repeat(64);

    private ChainHasher() {
    }

    public static String canonicalEvent(long seq, Instant occurredAt, AuditRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("v", 1);
        fields.put("seq", seq);
        fields.put("at", occurredAt.toString());
        fields.put("actor", record.actor());
        fields.put("action", record.action().name());
        fields.put("outcome", record.outcome().name());
        fields.put("subject", record.subject());
        fields.put("batch", record.batchPublicId());
        fields.put("client", record.clientAddress());
        fields.put("detail", record.detail());
        return CanonicalJson.write(fields);
    }

    public static String hash(String prevHash, String canonicalEvent) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(HexFormat.of().parseHex(prevHash));
            return HexFormat.of().formatHex(sha256.digest(canonicalEvent.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
