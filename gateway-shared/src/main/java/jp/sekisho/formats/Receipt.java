package jp.sekisho.formats;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * What the recipient states after opening a batch: the manifest digest it verified, and each file's SHA-256 and
 * record count as it computed them from the decrypted data. The recipient signs it (CMS SignedData, content
 * inside) and uploads it as {@value #FILE_NAME}; the gateway accepts it only if it matches the manifest exactly.
 */
public record Receipt(String batchId, String manifestDigest, List<ReceivedFile> files, Instant verifiedAt) {

    public static final String FORMAT = "sekisho-receipt/1";
    public static final String FILE_NAME = "receipt.p7s";

    public record ReceivedFile(String name, long size, String sha256, long records) {
    }

    public byte[] toJson() {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("format", FORMAT);
        receipt.put("batchId", batchId);
        receipt.put("manifestDigest", manifestDigest);
        receipt.put("files", files.stream().map(file -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", file.name());
            fields.put("size", file.size());
            fields.put("sha256", file.sha256());
            fields.put("records", file.records());
            return fields;
        }).toList());
        receipt.put("verifiedAt", verifiedAt.toString());
        return CanonicalJson.write(receipt).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws InvalidValue saying what is missing or malformed */
    public static Receipt parse(byte[] json) {
        try (var reader = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            JsonObject receipt = reader.readObject();
            if (!FORMAT.equals(receipt.getString("format", null))) {
                throw new InvalidValue("its format is not " + FORMAT);
            }
            List<ReceivedFile> files = new ArrayList<>();
            for (JsonValue value : receipt.getJsonArray("files")) {
                JsonObject file = value.asJsonObject();
                files.add(new ReceivedFile(file.getString("name"), file.getJsonNumber("size").longValueExact(),
                        file.getString("sha256"), file.getJsonNumber("records").longValueExact()));
            }
            return new Receipt(receipt.getString("batchId"), receipt.getString("manifestDigest"), List.copyOf(files),
                    Instant.parse(receipt.getString("verifiedAt")));
        } catch (JsonException | NullPointerException | ClassCastException | ArithmeticException
                 | DateTimeParseException e) {
            throw MalformedDocument.notA("a Sekisho receipt", e);
        }
    }

    /**
     * Why this receipt does not confirm the released manifest, or null if it confirms it: the same batch, the same
     * digest, and every listed file with the listed SHA-256, size and record count, nothing more.
     */
    public String mismatchWith(ReleasedManifest manifest) {
        if (!manifest.batchId().equals(batchId)) {
            return "it is a receipt for batch " + batchId + ", not for " + manifest.batchId();
        }
        if (!manifest.manifestDigest().equals(manifestDigest)) {
            return "it confirms manifest " + manifestDigest + ", but the batch's manifest is "
                    + manifest.manifestDigest();
        }
        if (files.size() != manifest.files().size()) {
            return "it lists " + files.size() + " files; the manifest lists " + manifest.files().size();
        }
        for (ReleasedManifest.ListedFile listed : manifest.files()) {
            ReceivedFile received = files.stream().filter(file -> file.name().equals(listed.name())).findFirst()
                    .orElse(null);
            if (received == null) {
                return "it does not list " + listed.name();
            }
            if (!received.sha256().equals(listed.sha256()) || received.size() != listed.size()
                    || received.records() != listed.records()) {
                return "for " + listed.name() + " it states " + received.size() + " bytes, " + received.records()
                        + " records, SHA-256 " + received.sha256() + "; the manifest lists " + listed.size()
                        + " bytes, " + listed.records() + " records, SHA-256 " + listed.sha256();
            }
        }
        return null;
    }
}
