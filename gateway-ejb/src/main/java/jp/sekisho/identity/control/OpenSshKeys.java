package jp.sekisho.identity.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/** Ed25519 key pairs written the way OpenSSH writes them, so that {@code ssh -i} and {@code sftp -i} read them. */
public final class OpenSshKeys {

    private OpenSshKeys() {
    }

    /** A generated pair: the private key file's text, the public {@code authorized_keys} line, its fingerprint. */
    public record GeneratedKey(String privateKeyFile, String publicKeyLine, String fingerprint) {

        @Override
        public String toString() {
            return "GeneratedKey[" + fingerprint + "]";
        }
    }

    public static GeneratedKey generateEd25519(String comment) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        byte[] publicBlob;
        byte[] privateBlob;
        try {
            publicBlob = OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic());
            privateBlob = OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a freshly generated Ed25519 key failed", e);
        }
        String privateBody = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(privateBlob);
        String privateFile = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + privateBody
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        String publicLine = "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment;
        return new GeneratedKey(privateFile, publicLine, KeyFingerprints.ofBlob(publicBlob));
    }
}
