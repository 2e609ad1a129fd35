package jp.sekisho.identity.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A public key registered for a system account, in OpenSSH {@code authorized_keys} form. */
@Entity
@Table(name = "account_key")
public class AccountKey {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    private SystemAccount account;

    @Column(nullable = false, unique = true)
    private String fingerprint;

    @Column(name = "public_key", nullable = false)
    private String publicKey;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected AccountKey() {
    }

    public AccountKey(SystemAccount account, String fingerprint, String publicKey, Instant registeredAt) {
        this.account = account;
        this.fingerprint = fingerprint;
        this.publicKey = publicKey;
        this.registeredAt = registeredAt;
    }

    public SystemAccount account() {
        return account;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String publicKey() {
        return publicKey;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    /** At once and for good: a revoked key is never accepted again, not even by registering it anew. */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }
}
