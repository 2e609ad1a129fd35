package jp.sekisho.audit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.testing.Processes;

/** The gateway's signed statement of the chain's head, as an auditor keeps it and openssl checks it. */
class CheckpointTest {

    private static final String HEAD = "bd317b78f7ee20032ad2c262df54c03e2402e06e7d311535f893acadcaae2cc3";
    private static final Instant SIGNED_AT = Instant.parse("2026-06-21T09:30:00.123456Z");

    private static SelfSignedCredentials gateway;

    @TempDir
    Path work;

    @BeforeAll
    static void gatewayKey() {
        gateway = SelfSignedCredentials.generateEcSigning("Sekisho gateway");
    }

    @Test
    void signsFourLinesThatNameTheFormatSeqHeadAndTime() {
        assertEquals("sekisho-audit-checkpoint/1\nseq: 1000\nhead: " + HEAD + "\nsigned-at: 2026-06-21T09:30:00.123456Z\n",
                new String(Checkpoint.of(1000, HEAD, SIGNED_AT).signedBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void aSignedCheckpointVerifiesAgainstTheGatewayCertificateOnly() {
        Checkpoint signed = Checkpoint.of(1000, HEAD, SIGNED_AT).sign(gateway.privateKey(), gateway.certificate());

        signed.verify(gateway.certificate());
        assertThrows(CmsSignatures.InvalidSignature.class, () -> signed.verify(
                SelfSignedCredentials.generateEcSigning("Sekisho gateway").certificate()));
        assertThrows(CmsSignatures.InvalidSignature.class, () -> Checkpoint.of(1000, HEAD, SIGNED_AT).verify(
                gateway.certificate()));
        assertThrows(CmsSignatures.InvalidSignature.class, () -> Checkpoint.signed(1001, HEAD, SIGNED_AT,
                signed.signature()).verify(gateway.certificate()), "the signature covers the seq");
    }

    @Test
    void aCheckpointLineSavedOnItsOwnReadsBackTheSame() {
        Checkpoint signed = Checkpoint.of(1000, HEAD, SIGNED_AT).sign(gateway.privateKey(), gateway.certificate());

        Checkpoint read = AuditExport.readCheckpoint(AuditExport.lineOf(signed) + "\n");

        assertEquals(signed, read);
        read.verify(gateway.certificate());
    }

    @Test
    void refusesAHeadThatIsNotAHash() {
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(1000, HEAD.toUpperCase(), SIGNED_AT));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(0, HEAD, SIGNED_AT));
    }

    @Test
    void opensslVerifiesTheSignatureOverTheFourLines() throws Exception {
        Processes.requireTool("openssl");
        Checkpoint signed = Checkpoint.of(1000, HEAD, SIGNED_AT).sign(gateway.privateKey(), gateway.certificate());
        Path content = Files.write(work.resolve("checkpoint.txt"), signed.signedBytes());
        Path signature = Files.write(work.resolve("checkpoint.p7s"), signed.signature());
        Path certificate = Files.writeString(work.resolve("gateway.pem"), gateway.certificatePem());

        String output = Processes.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                signature.toString(), "-content", content.toString(), "-CAfile", certificate.toString(), "-purpose",
                "any", "-out", "/dev/null");

        assertTrue(output.contains("Verification successful"), output);
        assertArrayEquals(signed.signedBytes(), Files.readAllBytes(content));
    }
}
