package jp.sekisho.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.Sha256;
import jp.sekisho.testing.Processes;
import jp.sekisho.testing.TransferWorld;
import jp.sekisho.transfer.entity.Batch;

/** What the destination receives with an available batch, checked with the openssl a recipient would use. */
class ReleasedManifestTest {

    private static SelfSignedCredentials gatewayKey;

    @TempDir
    Path work;

    @BeforeAll
    static void generateTheGatewaysSigningKey() {
        gatewayKey = SelfSignedCredentials.generateEcSigning("Sekisho gateway manifest signing");
    }

    @Test
    void theReleasedManifestCarriesTheSignedBytesAndBothApprovals() {
        Batch batch = availableBatch();
        String released = ManifestWriter.release(batch, Instant.parse("2025-04-01T03:00:00Z"));
        assertTrue(released.startsWith("{\"format\":\"sekisho-released-manifest/1\",\"manifestDigest\":\""
                + batch.submission().manifestDigest() + "\",\"manifest\":"));
        assertEquals(batch.submission().manifestDigest(), Sha256.hex(batch.submission().manifestJson()));
        assertTrue(released.contains("\"approver\":\"sato\"") && released.contains("\"approver\":\"suzuki\""));
    }

    @Test
    void opensslVerifiesTheSignatureAndRefusesAChangedManifest() throws Exception {
        Batch batch = availableBatch();
        byte[] released = ManifestWriter.release(batch, Instant.parse("2025-04-01T03:00:00Z"))
                .getBytes(StandardCharsets.UTF_8);
        Path manifest = Files.write(work.resolve("manifest.json"), released);
        Path signature = Files.write(work.resolve("manifest.json.p7s"),
                CmsSignatures.signDetached(released, gatewayKey.privateKey(), gatewayKey.certificate()));
        Path certificate = Files.writeString(work.resolve("gateway.pem"), gatewayKey.certificatePem());

        String verified = Processes.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                signature.toString(), "-content", manifest.toString(), "-CAfile", certificate.toString(), "-purpose",
                "any", "-out", work.resolve("out.json").toString());
        assertTrue(verified.contains("Verification successful"), verified);

        Path changed = Files.writeString(work.resolve("changed.json"),
                new String(released, StandardCharsets.UTF_8).replace("\"approver\":\"suzuki\"", "\"approver\":\"ito\""));
        Process refused = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                signature.toString(), "-content", changed.toString(), "-CAfile", certificate.toString(), "-purpose",
                "any", "-out", work.resolve("out2.json").toString()).redirectErrorStream(true).start();
        refused.getInputStream().readAllBytes();
        assertNotEquals(0, refused.waitFor(), "a manifest with a changed approval must not verify");
    }

    @Test
    void aSigningKeyReadBackFromPemSignsTheSameWay() {
        SelfSignedCredentials reloaded = SelfSignedCredentials.fromPem(gatewayKey.certificatePem(),
                gatewayKey.privateKeyPem());
        assertEquals(gatewayKey.certificate(), reloaded.certificate());
        assertEquals(gatewayKey.privateKey(), reloaded.privateKey());
    }

    private static Batch availableBatch() {
        TransferWorld world = new TransferWorld();
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, TransferWorld.SUBMITTED_AT);
        batch.approve(world.sato, digest, 1, TransferWorld.SUBMITTED_AT.plusSeconds(60));
        batch.approve(world.suzuki, digest, 1, TransferWorld.SUBMITTED_AT.plusSeconds(120));
        return batch;
    }
}
