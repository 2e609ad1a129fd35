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
 * size of its ciphertext, every other object its storage held (an upload whose end was never recorded), and when it
 * was deleted. The gateway signs exactly these canonical bytes (a detached CMS signature); officials confirm them by
 * their SHA-256.
 * <p>
 * Format 2 added {@code unrecordedObjects}; a format 1 statement reads with that list empty (it listed committed files
 * only, whatever else storage held).
 */
public record DeletionStatement(String batchId, String batchName, String channel, String manifestDigest,
        String finalState, String reason, List<DeletedFile> files, List<UnrecordedObject> unrecordedObjects,
        Instant deletedAt) {

    public static final String FORMAT = "sekisho-deletion-certificate/2";
    static final String FORMAT_1 = "sekisho-deletion-certificate/1";

    /** One stored file that is gone. */
    public record DeletedFile(String name, String sealedSha256, long sealedSize) {
    }

    /**
     * An object of the batch's storage that was not one of its committed files, deleted by this purge or before it
     * by the gateway's reconciliation of storage with the database. {@code name} is the file name its upload was
     * given, when the gateway still knew it; {@code object} is its name in storage.
     */
    public record UnrecordedObject(String object, String name, String sha256, long size, Instant foundAt) {
    }

    public DeletionStatement {
        files = List.copyOf(files);
        unrecordedObjects = List.copyOf(unrecordedObjects);
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
        List<Map<String, Object>> unrecorded = new ArrayList<>();
        for (UnrecordedObject object : unrecordedObjects) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("object", object.object());
            fields.put("name", object.name());
            fields.put("sha256", object.sha256());
            fields.put("size", object.size());
            fields.put("foundAt", object.foundAt().toString());
            unrecorded.add(fields);
        }
        body.put("unrecordedObjects", unrecorded);
        body.put("deletedAt", deletedAt.toString());
        return CanonicalJson.write(body);
    }

    /** @throws InvalidValue saying what is missing or malformed */
    public static DeletionStatement parse(byte[] json) {
        try (var reader = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            JsonObject body = reader.readObject();
            String format = body.getString("format", null);
            if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
                throw new InvalidValue("its format is not " + FORMAT + " (or " + FORMAT_1 + ")");
            }
            List<DeletedFile> files = new ArrayList<>();
            for (JsonValue value : body.getJsonArray("files")) {
                JsonObject file = value.asJsonObject();
                files.add(new DeletedFile(file.getString("name"), file.isNull("sealedSha256") ? null
                        : file.getString("sealedSha256"), file.getJsonNumber("sealedSize").longValueExact()));
            }
            List<UnrecordedObject> unrecorded = new ArrayList<>();
            if (FORMAT.equals(format)) {
                for (JsonValue value : body.getJsonArray("unrecordedObjects")) {
                    JsonObject object = value.asJsonObject();
                    unrecorded.add(new UnrecordedObject(object.getString("object"),
                            object.isNull("name") ? null : object.getString("name"), object.getString("sha256"),
                            object.getJsonNumber("size").longValueExact(),
                            Instant.parse(object.getString("foundAt"))));
                }
            }
            return new DeletionStatement(body.getString("batchId"), body.getString("batchName"),
                    body.getString("channel"), body.isNull("manifestDigest") ? null : body.getString("manifestDigest"),
                    body.getString("finalState"), body.getString("reason"), files, unrecorded,
                    Instant.parse(body.getString("deletedAt")));
        } catch (JsonException | NullPointerException | ClassCastException | ArithmeticException
                | java.time.format.DateTimeParseException e) {
            throw MalformedDocument.notA("a deletion certificate", e);
        }
    }
}
