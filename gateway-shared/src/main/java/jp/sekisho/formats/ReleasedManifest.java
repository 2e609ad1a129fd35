package jp.sekisho.formats;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Sha256;

/**
 * A released manifest as the destination reads it ({@code manifest.json}, written by the gateway when two approvers have co-signed):
 * the manifest the approvers signed, kept as the exact string whose SHA-256 they signed, and their decisions.
 * Parsing checks the structure only; whether it may be trusted is {@link #distinctApprovers()} and the caller's
 * signature check.
 */
public record ReleasedManifest(String manifestJson, String manifestDigest, String batchId, String batchName,
                               String channel, String requester, int requiredApprovals, List<ListedFile> files,
                               List<Decision> approvals) {

    /** Its name in the batch folder the destination pulls. */
    public static final String FILE_NAME = "manifest.json";
    /** The gateway's detached CMS signature over it, beside it in the folder. */
    public static final String SIGNATURE_FILE_NAME = "manifest.json.p7s";
    /** The format of {@code manifest.json} as the destination receives it. */
    public static final String FORMAT = "sekisho-released-manifest/1";
    /** The format of the manifest inside it, whose SHA-256 the approvers signed. */
    public static final String MANIFEST_FORMAT = "sekisho-manifest/1";

    public record ListedFile(String name, long size, String sha256, long records, List<String> columns,
                             String sealedName, long sealedSize, String sealedSha256) {
    }

    public record Decision(String approver, String decision, String manifestDigest, String decidedAt) {
    }

    /** @throws InvalidValue saying what is missing or malformed */
    public static ReleasedManifest parse(byte[] releasedJson) {
        try {
            JsonObject released = object(new String(releasedJson, StandardCharsets.UTF_8));
            if (!FORMAT.equals(released.getString("format", null))) {
                throw new InvalidValue("its format is not " + FORMAT);
            }
            String manifestJson = released.getString("manifest");
            JsonObject manifest = object(manifestJson);
            if (!MANIFEST_FORMAT.equals(manifest.getString("format", null))) {
                throw new InvalidValue("the inner manifest's format is not " + MANIFEST_FORMAT);
            }
            List<ListedFile> files = new ArrayList<>();
            for (JsonValue value : manifest.getJsonArray("files")) {
                JsonObject file = value.asJsonObject();
                JsonArray columns = file.getJsonArray("columns");
                files.add(new ListedFile(file.getString("name"), file.getJsonNumber("size").longValueExact(),
                        file.getString("sha256"), file.getJsonNumber("records").longValueExact(),
                        columns == null ? List.of()
                                : columns.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                        file.getString("sealedName"), file.getJsonNumber("sealedSize").longValueExact(),
                        file.getString("sealedSha256")));
            }
            List<Decision> approvals = new ArrayList<>();
            for (JsonValue value : released.getJsonArray("approvals")) {
                JsonObject approval = value.asJsonObject();
                approvals.add(new Decision(approval.getString("approver"), approval.getString("decision"),
                        approval.getString("manifestDigest"), approval.getString("decidedAt")));
            }
            return new ReleasedManifest(manifestJson, released.getString("manifestDigest"),
                    manifest.getString("batchId"), manifest.getString("batchName"), manifest.getString("channel"),
                    manifest.getJsonObject("requester").getString("login"), manifest.getInt("requiredApprovals"),
                    List.copyOf(files), List.copyOf(approvals));
        } catch (JsonException | NullPointerException | ClassCastException | ArithmeticException e) {
            throw MalformedDocument.notA("a released manifest", e);
        }
    }

    /** Whether the manifest string is exactly what the digest names. */
    public boolean matchesDigest() {
        return Sha256.hex(manifestJson).equals(manifestDigest);
    }

    /**
     * The approvers whose approval counts: decision APPROVE on exactly this manifest's digest, each person once,
     * never the requester.
     */
    public Set<String> distinctApprovers() {
        Set<String> approvers = new LinkedHashSet<>();
        for (Decision approval : approvals) {
            if ("APPROVE".equals(approval.decision()) && manifestDigest.equals(approval.manifestDigest())
                    && !approval.approver().equals(requester)) {
                approvers.add(approval.approver());
            }
        }
        return approvers;
    }

    private static JsonObject object(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
