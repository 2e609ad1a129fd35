package jp.sekisho.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * SSH key pairs for the gateway and the demo world, written the way OpenSSH writes them, so that {@code ssh -i},
 * {@code sftp -i} and MINA SSHD read them.
 */
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
        return written(generator.generateKeyPair(), "ssh-ed25519", comment);
    }

    /** An ECDSA P-256 pair, for SSH clients without Ed25519. */
    public static GeneratedKey generateEcdsaP256(String comment) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1)), new SecureRandom()));
        return written(generator.generateKeyPair(), "ecdsa-sha2-nistp256", comment);
    }

    private static GeneratedKey written(AsymmetricCipherKeyPair pair, String type, String comment) {
        byte[] publicBlob;
        byte[] privateBlob;
        try {
            publicBlob = OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic());
            privateBlob = OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a freshly generated " + type + " key failed", e);
        }
        String privateBody = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(privateBlob);
        String privateFile = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + privateBody
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        String publicLine = type + " " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment;
        return new GeneratedKey(privateFile, publicLine, KeyFingerprints.ofBlob(publicBlob));
    }
}
