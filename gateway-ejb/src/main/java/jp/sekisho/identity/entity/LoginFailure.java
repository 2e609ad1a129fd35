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

    public static final int ATTEMPTS = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCK = Duration.ofMinutes(15);

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

    /** Counts a failure; the fifth within the window locks the name. */
    public void count(Instant now) {
        if (now.isAfter(firstFailureAt.plus(WINDOW)) && !lockedAt(now)) {
            failures = 0;
            firstFailureAt = now;
        }
        failures++;
        if (failures >= ATTEMPTS && !lockedAt(now)) {
            lockedUntil = now.plus(LOCK);
        }
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public int failures() {
        return failures;
    }
}
