package jp.sekisho.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The chain's head: one row, locked by every append so the chain never forks. */
@Entity
@Table(name = "audit_head")
public class AuditHead {

    public static final int ID = 1;

    @Id
    private int id;

    @Column(nullable = false)
    private long seq;

    @Column(nullable = false)
    private String hash;

    protected AuditHead() {
    }

    public long seq() {
        return seq;
    }

    public String hash() {
        return hash;
    }

    public void advance(long newSeq, String newHash) {
        this.seq = newSeq;
        this.hash = newHash;
    }
}
