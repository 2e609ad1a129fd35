package jp.sekisho.identity.entity;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Failed logins of one login name within the current window, and the lock they caused. */
@Entity
@Table(name = "login_failure")
public class LoginFailure {


    @Id
    private String login;

    @Column(nullable = false)
    private int failures;

    @Column(name = "first_failure_at", nullable = false)
    private Instant firstFailureAt;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    protected LoginFailure() {
    }

    public LoginFailure(String login, Instant now) {
        this.login = login;
        this.firstFailureAt = now;
    }

    /** Counts a failure; the {@code attempts}th within the window locks the name for as long as the window. */
    public void count(Instant now, int attempts, Duration window) {
        if (now.isAfter(firstFailureAt.plus(window)) && !lockedAt(now)) {
            failures = 0;
            firstFailureAt = now;
        }
        failures++;
        if (failures >= attempts && !lockedAt(now)) {
            lockedUntil = now.plus(window);
        }
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    public String login() {
        return login;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public int failures() {
        return failures;
    }
}
