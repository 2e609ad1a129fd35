package jp.sekisho.identity.control;

import static jp.sekisho.testing.Processes.requireTool;
import static jp.sekisho.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fingerprints as OpenSSH prints them, so an admin can compare what the console shows with ssh-keygen -l. */
class KeyFingerprintsTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ed25519, 256", "ecdsa, 256", "ecdsa, 384", "ecdsa, 521", "rsa, 3072"})
    void fingerprintIsTheOneSshKeygenPrints(String type, int bits) throws Exception {
        Path keygen = requireTool("ssh-keygen");
        Path key = directory.resolve("id_" + type + bits);
        run(keygen.toString(), "-q", "-t", type, "-b", String.valueOf(bits), "-N", "", "-C", "machine@city",
                "-f", key.toString());
        String publicLine = Files.readString(Path.of(key + ".pub"), StandardCharsets.US_ASCII);

        String printed = run(keygen.toString(), "-l", "-E", "sha256", "-f", key + ".pub").split("\\s+")[1];

        assertEquals(printed, KeyFingerprints.ofAuthorizedKey(publicLine));
    }

    @Test
    void theCommentAndSurroundingSpaceDoNotChangeTheFingerprint() {
        String blob = Base64.getEncoder().encodeToString(blob("ssh-ed25519", new byte[32]));

        String bare = KeyFingerprints.ofAuthorizedKey("ssh-ed25519 " + blob);

        assertEquals(bare, KeyFingerprints.ofAuthorizedKey("  ssh-ed25519\t" + blob + "   batch server 2025\n"));
        assertEquals(KeyFingerprints.ofBlob(Base64.getDecoder().decode(blob)), bare);
    }

    @Test
    void aLineWhoseDeclaredTypeDoesNotMatchItsBlobIsRefused() {
        String ed25519Blob = Base64.getEncoder().encodeToString(blob("ssh-ed25519", new byte[32]));

        assertThrows(IllegalArgumentException.class,
                () -> KeyFingerprints.ofAuthorizedKey("ssh-rsa " + ed25519Blob + " disguised"));
        assertThrows(IllegalArgumentException.class,
                () -> KeyFingerprints.ofAuthorizedKey("ecdsa-sha2-nistp256 " + ed25519Blob));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-dss", "ssh-ed448", "sk-ssh-ed25519@openssh.com", "ssh-ed25519-cert-v01@openssh.com",
            "x509v3-sign-rsa"})
    void unsupportedKeyTypesAreRefused(String type) {
        String line = type + " " + Base64.getEncoder().encodeToString(blob(type, new byte[64])) + " old key";

        assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.ofAuthorizedKey(line));
    }

    @Test
    void aRealDsaKeyIsRefused() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        Path key = directory.resolve("id_dsa");
        try {
            run(keygen.toString(), "-q", "-t", "dsa", "-N", "", "-f", key.toString());
        } catch (AssertionError newerOpenSshNoLongerMakesDsaKeys) {
            org.junit.jupiter.api.Assumptions.abort("this ssh-keygen does not generate DSA keys");
        }
        String line = Files.readString(Path.of(key + ".pub"), StandardCharsets.US_ASCII);

        assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.ofAuthorizedKey(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ssh-ed25519", "ssh-ed25519 !!!not-base64!!!", "ssh-ed25519 AAAA",
            "from=\"10.0.0.0/8\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="})
    void malformedLinesAreRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.ofAuthorizedKey(line));
    }

    @Test
    void aBlobClaimingALongerTypeThanItHoldsIsRefused() {
        byte[] lying = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 's', 's', 'h'};
        String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(lying);

        assertThrows(IllegalArgumentException.class, () -> KeyFingerprints.ofAuthorizedKey(line));
    }

    /** An SSH wire-format blob: the type as a length-prefixed string, then the key bytes as another. */
    private static byte[] blob(String type, byte[] keyBytes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(typeBytes.length);
            out.write(typeBytes);
            out.writeInt(keyBytes.length);
            out.write(keyBytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
