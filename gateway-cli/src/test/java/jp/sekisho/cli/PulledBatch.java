package jp.sekisho.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.sekisho.formats.RecordCounter;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.sealing.control.SealedFile;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.sealing.control.SealingStream;
import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.shared.Sha256;

/**
 * A batch folder as the destination pulls it, built here without a gateway: files sealed by the gateway's own
 * {@link Sealer}, a released manifest in the gateway's format, signed by a gateway key. The in-server tests pull
 * real ones over SFTP; this one lets each tampering be made precisely.
 */
final class PulledBatch {

    final Path folder;
    final SelfSignedCredentials gateway;
    final List<String> approvers = new ArrayList<>(List.of("welfare-sato", "infopolicy-suzuki"));
    String requester = "requester-tanaka";
    int requiredApprovals = 2;
    private final List<Map<String, Object>> files = new ArrayList<>();

    PulledBatch(Path folder, SelfSignedCredentials gateway) {
        this.folder = folder;
        this.gateway = gateway;
    }

    PulledBatch seal(String name, byte[] content, SelfSignedCredentials recipient) throws IOException {
        Files.createDirectories(folder);
        String sealedName = name + ".p7m";
        SealedFile sealed;
        try (OutputStream ciphertext = Files.newOutputStream(folder.resolve(sealedName))) {
            SealingStream sealing = new Sealer(List.of(recipient.certificate()), java.time.Instant.now())
                    .open(ciphertext, RecordCounter.hasHeaderLine(name));
            sealing.write(content);
            sealed = sealing.finish();
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", name);
        file.put("size", sealed.size());
        file.put("sha256", sealed.sha256Hex());
        file.put("records", sealed.records());
        file.put("sealedName", sealedName);
        file.put("sealedSize", Files.size(folder.resolve(sealedName)));
        file.put("sealedSha256", sha256(Files.readAllBytes(folder.resolve(sealedName))));
        files.add(file);
        return this;
    }

    /** Writes manifest.json and a valid gateway signature over it. */
    PulledBatch release() throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", ReleasedManifest.MANIFEST_FORMAT);
        manifest.put("batchId", "8f7d1c2e-0000-4000-8000-000000000001");
        manifest.put("batchName", "refresh-2026-11");
        manifest.put("channel", "benefits-to-callcenter");
        manifest.put("purpose", "Monthly refresh of the benefits call center");
        manifest.put("requester", Map.of("login", requester));
        manifest.put("files", files);
        manifest.put("requiredApprovals", requiredApprovals);
        String manifestJson = CanonicalJson.write(manifest);
        String digest = Sha256.hex(manifestJson);
        Map<String, Object> released = new LinkedHashMap<>();
        released.put("format", ReleasedManifest.FORMAT);
        released.put("manifestDigest", digest);
        released.put("manifest", manifestJson);
        released.put("approvals", approvers.stream().map(approver -> {
            Map<String, Object> approval = new LinkedHashMap<>();
            approval.put("approver", approver);
            approval.put("decision", "APPROVE");
            approval.put("manifestDigest", digest);
            approval.put("decidedAt", "2026-11-20T01:00:00Z");
            return approval;
        }).toList());
        writeSignedManifest(CanonicalJson.write(released));
        return this;
    }

    /** Replaces manifest.json and signs it with the gateway key, as a gateway that was broken into could. */
    void writeSignedManifest(String releasedJson) throws IOException {
        byte[] bytes = releasedJson.getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("manifest.json"), bytes);
        Files.write(folder.resolve("manifest.json.p7s"),
                CmsSignatures.signDetached(bytes, gateway.privateKey(), gateway.certificate()));
    }

    String manifestText() throws IOException {
        return Files.readString(folder.resolve("manifest.json"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
