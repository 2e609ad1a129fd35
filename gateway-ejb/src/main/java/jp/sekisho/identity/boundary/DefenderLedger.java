package jp.sekisho.identity.boundary;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.config.DefenceSettings;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.entity.SourceAddress;

/**
 * The defender's counts, each change in a transaction of its own together with the audit event it causes: a count
 * survives the refused request's rollback, and an event exists exactly when its count does.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DefenderLedger {

    /** Addresses whose windows one turn of the sweep reports; the rest wait a minute for the next. */
    private static final int SWEEP_BATCH = 500;

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    /** One attempt from {@code address}; see {@link Defender#failedLogin} and {@link Defender#refused}. */
    public void count(String address, String channel, String name, AuditAction action, String why,
            boolean failedLogin, boolean trusted) {
        DefenceSettings defence = settings.defence();
        Instant now = clock.instant();
        SourceAddress source = em.find(SourceAddress.class, address, LockModeType.PESSIMISTIC_WRITE);
        if (source == null) {
            source = new SourceAddress(address, now);
            em.persist(source);
            em.flush();
        }
        source.endWindowIfOver(now, defence.window()).ifPresent(this::report);
        if (source.count(channel, name, failedLogin, now)) {
            audit.append(AuditRecord.denied(name, action, channel, null, address,
                    why + "; the first attempt of this address in " + defence.window().toMinutes()
                            + " minutes, later ones are counted and reported together"));
        }
        if (!trusted) {
            Optional<Instant> penalisedUntil = source.penaliseIfDue(defence.failuresBeforePenalty(),
                    defence.firstPenalty(), defence.longestPenalty(), now);
            if (penalisedUntil.isPresent()) {
                String counted = source.endWindow(now).map(SourceAddress.Unreported::describe)
                        .orElse("1 failed attempt");
                audit.append(AuditRecord.denied("-", AuditAction.ADDRESS_PENALISED, channel, null, address,
                        "penalty " + source.penalties() + ": refused until " + penalisedUntil.get()
                                + " after repeated failed logins; " + counted));
            }
        }
    }

    /** Reports the windows that ended quietly, so that no counted attempt goes unreported for long. */
    public int reportEndedWindows() {
        DefenceSettings defence = settings.defence();
        Instant now = clock.instant();
        // Native SQL: EclipseLink writes a locked JPQL query with a row limit as "FOR UPDATE LIMIT ?", which H2, the
        // embedded default, rejects. SKIP LOCKED leaves a row that a login is counting to the next turn.
        @SuppressWarnings("unchecked")
        List<String> ended = em.createNativeQuery("SELECT address FROM source_address WHERE window_started_at < ? "
                + "ORDER BY address FETCH FIRST " + SWEEP_BATCH + " ROWS ONLY FOR UPDATE SKIP LOCKED")
                .setParameter(1, now.minus(defence.window()).atOffset(ZoneOffset.UTC)).getResultList();
        int reported = 0;
        for (String address : ended) {
            SourceAddress source = em.find(SourceAddress.class, address);
            Optional<SourceAddress.Unreported> unreported = source.endWindowIfOver(now, defence.window());
            if (unreported.isPresent()) {
                report(unreported.get());
                reported++;
            }
            // Nothing left to remember: no count in this new window, and any penalty long forgotten.
            if (source.attempts() == 0 && (source.penalisedUntil() == null
                    || source.penalisedUntil().plus(java.time.Duration.ofDays(1)).isBefore(now))) {
                em.remove(source);
            }
        }
        return reported;
    }

    public Optional<SourceAddress> find(String address) {
        return Optional.ofNullable(em.find(SourceAddress.class, address));
    }

    private void report(SourceAddress.Unreported unreported) {
        audit.append(AuditRecord.denied("-", AuditAction.ATTEMPTS_SUMMARISED, unreported.channels(), null,
                unreported.address(), unreported.describe()));
    }
}
