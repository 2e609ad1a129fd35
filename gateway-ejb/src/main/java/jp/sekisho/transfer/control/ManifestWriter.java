package jp.sekisho.transfer.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jp.sekisho.channel.entity.Channel;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;

/**
 * The manifest: what leaves, for whom, why and for how long, in canonical JSON. Approvals sign its SHA-256, so it
 * must be byte-for-byte reproducible from what it describes.
 */
public final class ManifestWriter {

    private ManifestWriter() {
    }

    public record Manifest(String json, String digest) {
    }

    public static Manifest write(Batch batch, Official requester, String purpose, Instant useUntil,
            Instant submittedAt, Instant approvalDeadline) {
        Channel channel = batch.channel();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", ReleasedManifest.MANIFEST_FORMAT);
        manifest.put("batchId", batch.publicId().value());
        manifest.put("batchName", batch.name().value());
        manifest.put("channel", channel.name().value());
        manifest.put("source", account(channel.source()));
        Map<String, Object> destination = account(batch.destination());
        destination.put("contractorChain", batch.destination().organization().contractorChain().stream()
                .map(ManifestWriter::organization).toList());
        manifest.put("destination", destination);
        manifest.put("purpose", purpose);
        manifest.put("useUntil", useUntil == null ? null : useUntil.toString());
        Map<String, Object> requesterFields = new LinkedHashMap<>();
        requesterFields.put("login", requester.login());
        requesterFields.put("name", requester.displayName());
        requesterFields.put("organization", requester.organization().code());
        manifest.put("requester", requesterFields);
        manifest.put("submittedAt", submittedAt.toString());
        manifest.put("files", batch.files().stream().map(ManifestWriter::file).toList());
        Map<String, Object> windows = new LinkedHashMap<>();
        windows.put("approvalDeadline", approvalDeadline.toString());
        windows.put("downloadWindowSeconds", channel.windows().download().toSeconds());
        windows.put("maxDownloads", channel.windows().maxDownloads());
        manifest.put("windows", windows);
        manifest.put("requiredApprovals", channel.policy().requiredApprovals());
        String json = CanonicalJson.write(manifest);
        return new Manifest(json, Sha256.hex(json));
    }

    /**
     * What the destination receives once the batch is available: the exact manifest the approvers signed (as a
     * string, so that its SHA-256 can be recomputed byte for byte), its digest and every decision on it.
     */
    public static String release(Batch batch, Instant availableAt) {
        Map<String, Object> released = new LinkedHashMap<>();
        released.put("format", ReleasedManifest.FORMAT);
        released.put("manifestDigest", batch.submission().manifestDigest());
        released.put("manifest", batch.submission().manifestJson());
        released.put("approvals", batch.approvals().stream().map(approval -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("approver", approval.official().login());
            fields.put("name", approval.official().displayName());
            fields.put("organization", approval.official().organization().code());
            fields.put("decision", approval.decision().name());
            fields.put("manifestDigest", approval.manifestDigest());
            fields.put("decidedAt", approval.decidedAt().toString());
            return fields;
        }).toList());
        released.put("availableAt", availableAt.toString());
        released.put("downloadDeadline", batch.expiresAt().toString());
        return CanonicalJson.write(released);
    }

    private static Map<String, Object> account(SystemAccount account) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("account", account.name().value());
        fields.put("organization", organization(account.organization()));
        return fields;
    }

    private static Map<String, Object> organization(Organization organization) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", organization.code());
        fields.put("name", organization.name());
        return fields;
    }

    private static Map<String, Object> file(BatchFile file) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", file.name().value());
        fields.put("size", file.plaintextSize());
        fields.put("sha256", file.plaintextSha256());
        fields.put("records", file.records());
        if (!file.csvColumns().isEmpty()) {
            fields.put("columns", file.csvColumns());
        }
        fields.put("sealedName", file.sealedName());
        fields.put("sealedSize", file.ciphertextSize());
        fields.put("sealedSha256", file.ciphertextSha256());
        return fields;
    }

}
