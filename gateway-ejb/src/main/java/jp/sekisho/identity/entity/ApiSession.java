package jp.sekisho.identity.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A logged-in API client; only the SHA-256 of its bearer token is stored. */
@Entity
@Table(name = "api_session")
public class ApiSession {

    @Id
    @Column(name = "token_hash")
    private String tokenHash;

    @ManyToOne(optional = false)
    @JoinColumn(name = "official_id")
    private Official official;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected ApiSession() {
    }

    public ApiSession(String tokenHash, Official official, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.official = official;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public Official official() {
        return official;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
