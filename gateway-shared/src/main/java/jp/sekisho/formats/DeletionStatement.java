package jp.sekisho.formats;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.shared.InvalidValue;

/**
 * The body of a deletion certificate: which batch (and manifest), why it ended, each stored file by the SHA-256 and
 * size of its ciphertext, and when it was deleted. The gateway signs exactly these canonical bytes (a detached CMS
 * signature); officials confirm them by their SHA-256.
 */
public record DeletionStatement(String batchId, String batchName, String channel, String manifestDigest,
        String finalState, String reason, List<DeletedFile> files, Instant deletedAt) {

    public static final String FORMAT = "sekisho-deletion-certificate/1";

    /** One stored file that is gone. */
    public record DeletedFile(String name, String sealedSha256, long sealedSize) {
    }

    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", FORMAT);
        body.put("batchId", batchId);
        body.put("batchName", batchName);
        body.put("channel", channel);
        body.put("manifestDigest", manifestDigest);
        body.put("finalState", finalState);
        body.put("reason", reason);
        List<Map<String, Object>> deleted = new ArrayList<>();
        for (DeletedFile file : files) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", file.name());
            fields.put("sealedSha256", file.sealedSha256());
            fields.put("sealedSize", file.sealedSize());
            deleted.add(fields);
        }
        body.put("files", deleted);
        body.put("deletedAt", deletedAt.toString());
        return CanonicalJson.write(body);
    }

    /** @throws InvalidValue saying what is missing or malformed */
    public static DeletionStatement parse(byte[] json) {
        try (var reader = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            JsonObject body = reader.readObject();
            if (!FORMAT.equals(body.getString("format", null))) {
                throw new InvalidValue("its format is not " + FORMAT);
            }
            List<DeletedFile> files = new ArrayList<>();
            for (JsonValue value : body.getJsonArray("files")) {
                JsonObject file = value.asJsonObject();
                files.add(new DeletedFile(file.getString("name"), file.isNull("sealedSha256") ? null
                        : file.getString("sealedSha256"), file.getJsonNumber("sealedSize").longValueExact()));
            }
            return new DeletionStatement(body.getString("batchId"), body.getString("batchName"),
                    body.getString("channel"), body.isNull("manifestDigest") ? null : body.getString("manifestDigest"),
                    body.getString("finalState"), body.getString("reason"), List.copyOf(files),
                    Instant.parse(body.getString("deletedAt")));
        } catch (JsonException | NullPointerException | ClassCastException | ArithmeticException
                | java.time.format.DateTimeParseException e) {
            throw MalformedDocument.notA("a deletion certificate", e);
        }
    }
}
