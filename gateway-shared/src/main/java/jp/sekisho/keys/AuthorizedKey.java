package jp.sekisho.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

import jp.sekisho.shared.InvalidValue;

/**
 * A system account's SSH public key as an administrator registers it: one OpenSSH {@code authorized_keys} line
 * ({@code type base64 [comment]}), decoded completely so that only a well-formed key of an accepted kind is ever
 * stored: Ed25519, ECDSA on the NIST curves (the point on its curve), RSA of at least 3072 bits. Options in front
 * of the key ({@code from=…}) are refused; where an account may connect from is the account's setting.
 */
public record AuthorizedKey(String type, String blobBase64, String comment, String fingerprint,
                            String description) {

    public static final int MINIMUM_RSA_BITS = 3072;

    private static final Map<String, String> ACCEPTED_TYPES = Map.of(
            "ssh-ed25519", "Ed25519",
            "ecdsa-sha2-nistp256", "ECDSA P-256",
            "ecdsa-sha2-nistp384", "ECDSA P-384",
            "ecdsa-sha2-nistp521", "ECDSA P-521",
            "ssh-rsa", "RSA");

    /** @throws IllegalArgumentException with a sentence an administrator can act on */
    public static AuthorizedKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new InvalidValue("No public key given; paste one line of the account's .pub file");
        }
        String[] parts = line.strip().split("\\s+", 3);
        String type = parts[0];
        if (!ACCEPTED_TYPES.containsKey(type)) {
            throw new InvalidValue("Key type \"" + abbreviate(type) + "\" is not accepted; use "
                    + "ssh-ed25519 (recommended), ecdsa-sha2-nistp256/384/521, or ssh-rsa of at least "
                    + MINIMUM_RSA_BITS + " bits, without options in front of the key");
        }
        if (parts.length < 2) {
            throw new InvalidValue("The line has a key type but no key");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("The key is not valid base64");
        }
        String embeddedType = readFirstString(blob);
        if (!embeddedType.equals(type)) {
            throw new InvalidValue("The line says " + type + " but the key inside is "
                    + abbreviate(embeddedType));
        }
        AsymmetricKeyParameter key;
        try {
            key = OpenSSHPublicKeyUtil.parsePublicKey(blob);
        } catch (RuntimeException e) {
            throw new InvalidValue("The " + type + " key is malformed", e);
        }
        String description = ACCEPTED_TYPES.get(type);
        if (key instanceof RSAKeyParameters rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MINIMUM_RSA_BITS) {
                throw new InvalidValue("This RSA key has " + bits + " bits; at least " + MINIMUM_RSA_BITS
                        + " are required (or use an Ed25519 key: ssh-keygen -t ed25519)");
            }
            description = "RSA " + bits;
        } else if (!(key instanceof Ed25519PublicKeyParameters || key instanceof ECPublicKeyParameters)) {
            throw new InvalidValue("Key type " + type + " is not accepted");
        }
        // Re-encoding must give the same bytes: nothing trails the key and nothing is encoded loosely.
        try {
            if (!Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(key))
                    .equals(Base64.getEncoder().encodeToString(blob))) {
                throw new InvalidValue("The " + type + " key has extra or non-canonical bytes");
            }
        } catch (IOException e) {
            throw new InvalidValue("The " + type + " key cannot be re-encoded", e);
        }
        String comment = parts.length == 3 ? parts[2].strip() : "";
        return new AuthorizedKey(type, Base64.getEncoder().encodeToString(blob), comment,
                KeyFingerprints.ofBlob(blob), description);
    }

    /** The line as stored: type, key and comment, single-spaced. */
    public String line() {
        return type + " " + blobBase64 + (comment.isEmpty() ? "" : " " + comment);
    }

    private static String readFirstString(byte[] blob) {
        if (blob.length < 4) {
            throw new InvalidValue("The key is truncated");
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length < 0 || length > blob.length - 4) {
            throw new InvalidValue("The key is truncated");
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
