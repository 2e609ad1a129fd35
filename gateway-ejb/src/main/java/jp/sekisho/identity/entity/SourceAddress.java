package jp.sekisho.identity.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One source address as the defender sees it: what it attempted in the current window and the penalties it earned.
 * The first attempt of a window is audited in full; the rest are only counted here and reported as one event when
 * the window ends or a penalty is given, so that a stranger grows the audit trail with windows, not with attempts.
 */
@Entity
@Table(name = "source_address")
public class SourceAddress {

    private static final int NAMES_COLUMN = 512;

    @Id
    private String address;

    @Column(name = "window_started_at", nullable = false)
    private Instant windowStartedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(nullable = false)
    private int failures;

    @Column(nullable = false)
    private String channels;

    @Column(nullable = false)
    private String names;

    @Column(nullable = false)
    private int penalties;

    @Column(name = "penalised_until")
    private Instant penalisedUntil;

    @Column(name = "last_failure_at", nullable = false)
    private Instant lastFailureAt;

    protected SourceAddress() {
    }

    public SourceAddress(String address, Instant now) {
        this.address = address;
        this.windowStartedAt = now;
        this.channels = "";
        this.names = "";
        this.lastFailureAt = now;
    }

    /** What was counted but not yet reported: the attempts after the window's first, which was audited in full. */
    public record Unreported(String address, Instant from, Instant to, int attempts, int failures, String channels,
            String names) {

        public String describe() {
            return attempts + " more attempt(s), " + failures + " of them failed logins, between " + from + " and "
                    + to + " over " + channels + (names.isEmpty() ? "" : "; names tried: " + names);
        }
    }

    /** Ends the window if it is over: its unreported attempts, if any, are handed back to be reported. */
    public Optional<Unreported> endWindowIfOver(Instant now, Duration window) {
        if (now.isBefore(windowStartedAt.plus(window))) {
            return Optional.empty();
        }
        return endWindow(now);
    }

    /**
     * Counts one attempt (a failed login counts towards a penalty, another refusal only towards the report).
     *
     * @return whether it is the first of its window, to be audited in full
     */
    public boolean count(String channel, String name, boolean failedLogin, Instant now) {
        attempts++;
        if (failedLogin) {
            failures++;
            lastFailureAt = now;
        }
        channels = added(channels, channel, 64);
        if (name != null && !name.isBlank()) {
            names = added(names, name.length() > 64 ? name.substring(0, 64) + "…" : name, NAMES_COLUMN);
        }
        return attempts == 1;
    }

    /**
     * A penalty when the window holds enough failed logins: each is twice the one before, up to the longest; a day
     * without failures forgets earlier penalties.
     */
    public Optional<Instant> penaliseIfDue(int failuresBeforePenalty, Duration first, Duration longest,
            Instant now) {
        if (failures < failuresBeforePenalty) {
            return Optional.empty();
        }
        if (penalisedUntil != null && penalisedUntil.plus(Duration.ofDays(1)).isBefore(now)) {
            penalties = 0;
        }
        penalties++;
        Duration penalty = first.multipliedBy(1L << Math.min(penalties - 1, 30));
        penalisedUntil = now.plus(penalty.compareTo(longest) > 0 ? longest : penalty);
        return Optional.of(penalisedUntil);
    }

    /** Hands back what is unreported and starts a new, empty window now. */
    public Optional<Unreported> endWindow(Instant now) {
        Optional<Unreported> unreported = attempts > 1
                ? Optional.of(new Unreported(address, windowStartedAt, now, attempts - 1, failures, channels, names))
                : Optional.empty();
        windowStartedAt = now;
        attempts = 0;
        failures = 0;
        channels = "";
        names = "";
        return unreported;
    }

    public boolean penalisedAt(Instant now) {
        return penalisedUntil != null && now.isBefore(penalisedUntil);
    }

    public void lift() {
        penalisedUntil = null;
        penalties = 0;
        failures = 0;
    }

    public String address() {
        return address;
    }

    public Instant windowStartedAt() {
        return windowStartedAt;
    }

    public Instant penalisedUntil() {
        return penalisedUntil;
    }

    public int penalties() {
        return penalties;
    }

    public int attempts() {
        return attempts;
    }

    public int failures() {
        return failures;
    }

    public String names() {
        return names;
    }

    private static String added(String list, String item, int column) {
        String clean = item.replace(",", "");
        if (Arrays.asList(list.split(",")).contains(clean) || list.endsWith("…")) {
            return list;
        }
        String longer = list.isEmpty() ? clean : list + "," + clean;
        return longer.length() <= column - 1 ? longer : list + "…";
    }
}
