package jp.sekisho.identity.entity;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** An address where an official logged in: failures of their name from elsewhere never lock them out of it. */
@Entity
@Table(name = "usual_address")
@IdClass(UsualAddress.Key.class)
public class UsualAddress {

    @Id
    private String login;

    @Id
    private String address;

    @Column(name = "last_success_at", nullable = false)
    private Instant lastSuccessAt;

    protected UsualAddress() {
    }

    public UsualAddress(String login, String address, Instant now) {
        this.login = login;
        this.address = address;
        this.lastSuccessAt = now;
    }

    public void usedAt(Instant now) {
        lastSuccessAt = now;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    /** The composite key, as JPA wants it: a serializable class with the same fields. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String login;
        private String address;

        public Key() {
        }

        public Key(String login, String address) {
            this.login = login;
            this.address = address;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(login, key.login)
                    && java.util.Objects.equals(address, key.address);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(login, address);
        }
    }
}
