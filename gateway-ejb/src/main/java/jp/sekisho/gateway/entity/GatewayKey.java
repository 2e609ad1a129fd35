package jp.sekisho.gateway.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The record that one of the gateway's own keys exists, and which one. */
@Entity
@Table(name = "gateway_key")
public class GatewayKey {

    @Id
    private String purpose;

    @Column(nullable = false)
    private String fingerprint;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected GatewayKey() {
    }

    public GatewayKey(String purpose, String fingerprint, Instant createdAt) {
        this.purpose = purpose;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
