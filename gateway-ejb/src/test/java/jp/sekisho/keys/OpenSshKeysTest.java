package jp.sekisho.keys;

import static jp.sekisho.testing.Processes.requireTool;
import static jp.sekisho.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys the gateway generates for a machine must work with the OpenSSH tools that machine runs. */
class OpenSshKeysTest {

    @TempDir
    Path directory;

    @Test
    void sshKeygenReadsTheGeneratedPrivateKeyAndDerivesTheSamePublicKey() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEd25519("benefits@minato-city");
        Path privateFile = writePrivate(key);

        String derived = run(keygen.toString(), "-y", "-f", privateFile.toString()).trim();

        assertEquals(typeAndBlob(key.publicKeyLine()), typeAndBlob(derived));
    }

    @Test
    void sshKeygenReadsTheGeneratedEcdsaKeyAndPrintsItsFingerprint() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEcdsaP256("sekisho-host");
        Path privateFile = writePrivate(key);

        String derived = run(keygen.toString(), "-y", "-f", privateFile.toString()).trim();
        Path publicFile = Files.writeString(directory.resolve("ecdsa.pub"), key.publicKeyLine() + "\n");
        String[] printed = run(keygen.toString(), "-l", "-E", "sha256", "-f", publicFile.toString()).trim()
                .split("\\s+");

        assertEquals(typeAndBlob(key.publicKeyLine()), typeAndBlob(derived));
        assertEquals(key.fingerprint(), printed[1]);
        assertEquals("(ECDSA)", printed[printed.length - 1]);
        assertEquals("ECDSA P-256", AuthorizedKey.parse(key.publicKeyLine()).description());
    }

    @Test
    void sshKeygenPrintsTheSameFingerprint() throws Exception {
        Path keygen = requireTool("ssh-keygen");
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEd25519("benefits@minato-city");
        Path publicFile = directory.resolve("id_ed25519.pub");
        Files.writeString(publicFile, key.publicKeyLine() + "\n", StandardCharsets.US_ASCII);

        String[] printed = run(keygen.toString(), "-l", "-E", "sha256", "-f", publicFile.toString()).trim()
                .split("\\s+");

        assertEquals("256", printed[0]);
        assertEquals(key.fingerprint(), printed[1]);
        assertEquals("(ED25519)", printed[printed.length - 1]);
        assertEquals(key.fingerprint(), AuthorizedKey.parse(key.publicKeyLine()).fingerprint());
    }

    @Test
    void thePublicLineIsAnAuthorizedKeysLineWithTheComment() {
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEd25519("benefits@minato-city");

        String[] parts = key.publicKeyLine().split(" ");
        assertEquals(3, parts.length);
        assertEquals("ssh-ed25519", parts[0]);
        assertEquals("benefits@minato-city", parts[2]);
        assertTrue(key.privateKeyFile().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        assertTrue(key.privateKeyFile().endsWith("-----END OPENSSH PRIVATE KEY-----\n"));
    }

    @Test
    void everyGenerationMakesANewKey() {
        OpenSshKeys.GeneratedKey one = OpenSshKeys.generateEd25519("a");
        OpenSshKeys.GeneratedKey two = OpenSshKeys.generateEd25519("a");

        assertNotEquals(one.fingerprint(), two.fingerprint());
        assertNotEquals(one.privateKeyFile(), two.privateKeyFile());
    }

    @Test
    void printingAGeneratedKeyShowsOnlyItsFingerprint() {
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEd25519("benefits@minato-city");
        String privateBody = key.privateKeyFile().lines().skip(1).findFirst().orElseThrow();

        assertEquals("GeneratedKey[" + key.fingerprint() + "]", key.toString());
        assertFalse(key.toString().contains(privateBody));
    }

    private Path writePrivate(OpenSshKeys.GeneratedKey key) throws Exception {
        Path file = directory.resolve("id_ed25519");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, key.privateKeyFile(), StandardCharsets.US_ASCII);
        return file;
    }

    private static String typeAndBlob(String publicLine) {
        String[] parts = publicLine.trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }
}
