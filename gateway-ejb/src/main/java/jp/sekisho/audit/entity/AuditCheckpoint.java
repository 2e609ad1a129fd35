package jp.sekisho.audit.entity;

import java.time.Instant;
import java.util.Base64;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import jp.sekisho.formats.Checkpoint;

/** A signed checkpoint as stored: one per sequence number at most. */
@Entity
@Table(name = "audit_checkpoint")
public class AuditCheckpoint {

    @Id
    private long seq;

    @Column(name = "head_hash", nullable = false)
    private String headHash;

    @Column(name = "signed_at", nullable = false)
    private Instant signedAt;

    /** Base64 of the detached CMS SignedData over {@link Checkpoint#signedBytes()}. */
    @Column(nullable = false)
    private String signature;

    protected AuditCheckpoint() {
    }

    public AuditCheckpoint(Checkpoint signed) {
        this.seq = signed.seq();
        this.headHash = signed.head();
        this.signedAt = signed.signedAt();
        this.signature = Base64.getEncoder().encodeToString(signed.signature());
    }

    public Checkpoint checkpoint() {
        return Checkpoint.signed(seq, headHash, signedAt, Base64.getDecoder().decode(signature));
    }

    public long seq() {
        return seq;
    }
}
