package jp.sekisho.keys;

import static jp.sekisho.testing.Processes.requireTool;
import static jp.sekisho.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Registered SSH keys: fingerprints as OpenSSH prints them (so an admin can compare what the console shows with
 * ssh-keygen -l), and only well-formed keys of accepted kinds and sizes.
 */
class AuthorizedKeyTest {

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

        assertEquals(printed, AuthorizedKey.parse(publicLine).fingerprint());
    }

    @Test
    void theCommentAndSurroundingSpaceDoNotChangeTheFingerprint() {
        String blob = OpenSshKeys.generateEd25519("x").publicKeyLine().split(" ")[1];

        AuthorizedKey bare = AuthorizedKey.parse("ssh-ed25519 " + blob);
        AuthorizedKey spaced = AuthorizedKey.parse("  ssh-ed25519\t" + blob + "   batch server 2025\n");

        assertEquals(bare.fingerprint(), spaced.fingerprint());
        assertEquals(KeyFingerprints.ofBlob(Base64.getDecoder().decode(blob)), bare.fingerprint());
        assertEquals("batch server 2025", spaced.comment());
        assertEquals("ssh-ed25519 " + blob + " batch server 2025", spaced.line());
        assertEquals("Ed25519", spaced.description());
    }

    @Test
    void anRsaKeyShorterThan3072BitsIsRefusedWithItsSize() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        Path key = directory.resolve("id_rsa2048");
        run(keygen.toString(), "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString());
        String line = Files.readString(Path.of(key + ".pub"), StandardCharsets.US_ASCII);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AuthorizedKey.parse(line));
        assertTrue(refused.getMessage().contains("2048 bits; at least 3072 are required"), refused.getMessage());
    }

    @Test
    void anRsaKeyOfEnoughBitsIsDescribedWithItsSize() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        Path key = directory.resolve("id_rsa4096");
        run(keygen.toString(), "-q", "-t", "rsa", "-b", "4096", "-N", "", "-f", key.toString());

        assertEquals("RSA 4096", AuthorizedKey.parse(Files.readString(Path.of(key + ".pub"))).description());
    }

    @Test
    void anEcdsaPointThatIsNotOnItsCurveIsRefused() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        Path key = directory.resolve("id_ecdsa");
        run(keygen.toString(), "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString());
        String[] parts = Files.readString(Path.of(key + ".pub")).split(" ");
        byte[] blob = Base64.getDecoder().decode(parts[1]);
        blob[blob.length - 1] ^= 0x01;
        String offCurve = parts[0] + " " + Base64.getEncoder().encodeToString(blob);

        assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(offCurve));
    }

    @Test
    void bytesAfterTheKeyAreRefused() {
        byte[] blob = Base64.getDecoder().decode(OpenSshKeys.generateEd25519("x").publicKeyLine().split(" ")[1]);
        byte[] padded = java.util.Arrays.copyOf(blob, blob.length + 4);

        assertThrows(IllegalArgumentException.class,
                () -> AuthorizedKey.parse("ssh-ed25519 " + Base64.getEncoder().encodeToString(padded)));
    }

    @Test
    void aLineWhoseDeclaredTypeDoesNotMatchItsBlobIsRefused() {
        String ed25519Blob = Base64.getEncoder().encodeToString(blob("ssh-ed25519", new byte[32]));

        assertThrows(IllegalArgumentException.class,
                () -> AuthorizedKey.parse("ssh-rsa " + ed25519Blob + " disguised"));
        assertThrows(IllegalArgumentException.class,
                () -> AuthorizedKey.parse("ecdsa-sha2-nistp256 " + ed25519Blob));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-dss", "ssh-ed448", "sk-ssh-ed25519@openssh.com", "ssh-ed25519-cert-v01@openssh.com",
            "x509v3-sign-rsa"})
    void unsupportedKeyTypesAreRefused(String type) {
        String line = type + " " + Base64.getEncoder().encodeToString(blob(type, new byte[64])) + " old key";

        assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line));
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

        assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ssh-ed25519", "ssh-ed25519 !!!not-base64!!!", "ssh-ed25519 AAAA",
            "from=\"10.0.0.0/8\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="})
    void malformedLinesAreRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line));
    }

    @Test
    void aBlobClaimingALongerTypeThanItHoldsIsRefused() {
        byte[] lying = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 's', 's', 'h'};
        String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(lying);

        assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line));
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
