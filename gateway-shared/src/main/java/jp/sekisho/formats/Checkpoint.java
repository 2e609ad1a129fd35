package jp.sekisho.formats;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.shared.InvalidValue;

/**
 * The gateway's signed statement "the audit chain's event {@code seq} has the hash {@code head}", made at
 * {@code signedAt}. Kept outside the gateway, it lets a verifier notice an export that was cut short or re-hashed
 * from some event on, which the chain alone cannot show.
 *
 * <p>The signature is CMS SignedData, detached, over {@link #signedBytes()}: four lines of ASCII, each ending in
 * {@code \n}:
 * <pre>
 * sekisho-audit-checkpoint/1
 * seq: 1000
 * head: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b
 * signed-at: 2026-06-21T09:30:00.123456Z
 * </pre>
 * so that {@code openssl cms -verify -binary -content} can check it too.
 */
public final class Checkpoint implements AuditExport.Line {

    public static final String FORMAT = "sekisho-audit-checkpoint/1";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final long seq;
    private final String head;
    private final Instant signedAt;
    private final byte[] signature;

    private Checkpoint(long seq, String head, Instant signedAt, byte[] signature) {
        if (seq < 1) {
            throw new InvalidValue("a checkpoint's seq starts at 1, not " + seq);
        }
        if (!HASH.matcher(Objects.requireNonNull(head, "head")).matches()) {
            throw new InvalidValue("a checkpoint's head is 64 lower-case hex digits, not \"" + head
                    + "\"");
        }
        this.seq = seq;
        this.head = head;
        this.signedAt = Objects.requireNonNull(signedAt, "signedAt");
        this.signature = signature;
    }

    /** The statement, not signed yet. */
    public static Checkpoint of(long seq, String head, Instant signedAt) {
        return new Checkpoint(seq, head, signedAt, null);
    }

    /** A statement with the signature it came with, as read from an export or a file; {@link #verify} tells. */
    public static Checkpoint signed(long seq, String head, Instant signedAt, byte[] signature) {
        return new Checkpoint(seq, head, signedAt, Objects.requireNonNull(signature, "signature").clone());
    }

    /** The same statement, signed by the gateway's key. */
    public Checkpoint sign(PrivateKey key, X509Certificate certificate) {
        return new Checkpoint(seq, head, signedAt, CmsSignatures.signDetached(signedBytes(), key, certificate));
    }

    /**
     * @throws CmsSignatures.InvalidSignature saying why, unless this statement is signed by exactly {@code gateway}
     */
    public void verify(X509Certificate gateway) {
        if (signature == null) {
            throw new CmsSignatures.InvalidSignature("the checkpoint is not signed");
        }
        CmsSignatures.verifyDetached(signedBytes(), signature, gateway);
    }

    /** What the signature covers; see the class comment. */
    public byte[] signedBytes() {
        return (FORMAT + "\nseq: " + seq + "\nhead: " + head + "\nsigned-at: " + signedAt + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public long seq() {
        return seq;
    }

    public String head() {
        return head;
    }

    public Instant signedAt() {
        return signedAt;
    }

    /** The DER-encoded CMS SignedData, or {@code null} before {@link #sign}. */
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && seq == that.seq && head.equals(that.head)
                && signedAt.equals(that.signedAt) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, head, signedAt, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "checkpoint at seq " + seq + ", head " + head + ", signed at " + signedAt;
    }
}
