package jp.sekisho.identity.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/** SHA-256 fingerprints of SSH public keys, in the form OpenSSH prints ({@code SHA256:…}). */
public final class KeyFingerprints {

    private static final Set<String> ACCEPTED_TYPES = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa");

    private KeyFingerprints() {
    }

    /** The fingerprint of an {@code authorized_keys} line ({@code type base64 [comment]}). */
    public static String ofAuthorizedKey(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2 || !ACCEPTED_TYPES.contains(parts[0])) {
            throw new IllegalArgumentException("Not an OpenSSH public key line of an accepted type");
        }
        byte[] blob = Base64.getDecoder().decode(parts[1]);
        String embeddedType = readFirstString(blob);
        if (!embeddedType.equals(parts[0])) {
            throw new IllegalArgumentException("The key's declared type does not match its content");
        }
        return ofBlob(blob);
    }

    public static String ofBlob(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String readFirstString(byte[] blob) {
        if (blob.length < 4) {
            throw new IllegalArgumentException("Truncated public key");
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length < 0 || length > blob.length - 4) {
            throw new IllegalArgumentException("Truncated public key");
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }
}
