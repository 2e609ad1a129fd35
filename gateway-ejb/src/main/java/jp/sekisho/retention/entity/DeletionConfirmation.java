package jp.sekisho.retention.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import jp.sekisho.identity.entity.Official;

/** One official's confirmation that a batch's data is gone, as its deletion certificate states. */
@Entity
@Table(name = "deletion_confirmation")
public class DeletionConfirmation {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "certificate_id")
    private DeletionCertificate certificate;

    @ManyToOne(optional = false)
    @JoinColumn(name = "official_id")
    private Official official;

    @Column(name = "confirmed_at", nullable = false)
    private Instant confirmedAt;

    @Column(name = "totp_step", nullable = false)
    private long totpStep;

    protected DeletionConfirmation() {
    }

    DeletionConfirmation(DeletionCertificate certificate, Official official, long totpStep, Instant now) {
        this.certificate = certificate;
        this.official = official;
        this.totpStep = totpStep;
        this.confirmedAt = now;
    }

    public Official official() {
        return official;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }
}
