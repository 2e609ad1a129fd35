package jp.sekisho.retention.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import jp.sekisho.transfer.entity.Batch;

/** The gateway's statement that a batch's stored ciphertext is gone, in canonical JSON with its digest. */
@Entity
@Table(name = "deletion_certificate")
public class DeletionCertificate {

    public static final String FORMAT = "sekisho-deletion-certificate/1";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @OneToOne(optional = false)
    @JoinColumn(name = "batch_id")
    private Batch batch;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "body_json", nullable = false)
    private String bodyJson;

    @Column(nullable = false)
    private String digest;

    protected DeletionCertificate() {
    }

    public DeletionCertificate(Batch batch, Instant issuedAt, String bodyJson, String digest) {
        this.batch = batch;
        this.issuedAt = issuedAt;
        this.bodyJson = bodyJson;
        this.digest = digest;
    }

    public Batch batch() {
        return batch;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public String bodyJson() {
        return bodyJson;
    }

    public String digest() {
        return digest;
    }
}
