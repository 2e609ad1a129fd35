package jp.sekisho.transfer.boundary;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.entity.DestinationChanging;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.ManifestWriter;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchEnded;
import jp.sekisho.transfer.entity.BatchId;

/** What officials do with batches outside approval: see them, submit them with a purpose, withdraw them. */
@Stateless
public class Batches {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

    @Inject
    Event<BatchEnded> ended;

    @Inject
    Clock clock;

    /** Batches that concern the caller: of their organization's channels, or (approvers, auditors) all. */
    public List<Batch> visibleTo(Caller caller) {
        Official official = identities.official(caller);
        if (official.holds(Role.AUDITOR) || official.holds(Role.APPROVER) || official.holds(Role.ADMIN)) {
            return em.createQuery("SELECT b FROM Batch b ORDER BY b.createdAt DESC", Batch.class)
                    .setMaxResults(500).getResultList();
        }
        return em.createQuery("SELECT b FROM Batch b WHERE b.channel.source.organization = :org "
                + "OR b.destination.organization = :org ORDER BY b.createdAt DESC", Batch.class)
                .setParameter("org", official.organization()).setMaxResults(500).getResultList();
    }

    public Batch find(Caller caller, BatchId id) {
        Batch batch = em.createQuery("SELECT b FROM Batch b WHERE b.publicId = :id", Batch.class)
                .setParameter("id", id.value()).getResultStream().findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such batch"));
        if (!visibleTo(identities.official(caller), batch)) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such batch");
        }
        return batch;
    }

    /**
     * Freezes the batch with its manifest. The data may be used until the end of {@code lastDayOfUse}
     * ({@code yyyy-MM-dd}, blank for none) in the requester's time zone.
     */
    public Batch submit(Caller caller, BatchId id, String purpose, String lastDayOfUse) {
        try {
            Official requester = identities.official(caller);
            Batch batch = BatchLocks.lock(em, id);
            Instant now = clock.instant();
            LocalDate lastDay = day(lastDayOfUse);
            Instant useUntil = lastDay == null ? null
                    : lastDay.plusDays(1).atStartOfDay(requester.timeZone()).toInstant();
            Instant approvalDeadline = now.plus(batch.channel().windows().approval());
            ManifestWriter.Manifest manifest = ManifestWriter.write(batch, requester, purpose, useUntil, now,
                    approvalDeadline);
            batch.submit(requester, purpose, useUntil, manifest.json(), manifest.digest(), now);
            audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_SUBMITTED, describe(batch),
                    id.value(), caller.clientAddress(), "manifest sha256=" + manifest.digest() + "; files="
                            + batch.files().size() + "; use until " + useUntil + "; approve before "
                            + batch.expiresAt()));
            return batch;
        } catch (Refused refused) {
            throw denied(caller, "submit", id, refused);
        }
    }

    private static LocalDate day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException notADate) {
            throw new Refused(Refused.Kind.INVALID, "use-until-invalid", "The last day of use is a date, yyyy-MM-dd");
        }
    }

    public Batch withdraw(Caller caller, BatchId id) {
        try {
            Batch batch = BatchLocks.lock(em, id);
            batch.withdraw(identities.official(caller), clock.instant());
            audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_WITHDRAWN, describe(batch),
                    id.value(), caller.clientAddress(), null));
            ended.fire(new BatchEnded(id));
            return batch;
        } catch (Refused refused) {
            throw denied(caller, "withdraw", id, refused);
        }
    }

    /**
     * A channel is about to move to a new destination: refused while a batch of it is open or still visible to the
     * current destination (to pull, or to sign a receipt for).
     */
    public void refuseWhileInFlight(@Observes DestinationChanging changing) {
        Instant now = clock.instant();
        long inFlight = em.createQuery("SELECT b FROM Batch b WHERE b.channel.name = :channel "
                + "AND (b.ending.purgedAt IS NULL OR b.state = jp.sekisho.transfer.entity.BatchState.DELIVERED)",
                Batch.class).setParameter("channel", changing.channel().value()).getResultStream()
                .filter(batch -> !batch.stateAt(now).ended() || batch.visibleToDestinationAt(now)).count();
        if (inFlight > 0) {
            throw new Refused(Refused.Kind.CONFLICT, "channel-busy", inFlight + " batch(es) of this channel are "
                    + "open or still visible to the current destination; approve the new destination once they "
                    + "have ended");
        }
    }

    private Refused denied(Caller caller, String operation, BatchId id, Refused refused) {
        return audit.appendRefusal(caller, operation, id.value(), refused);
    }

    static boolean visibleTo(Official official, Batch batch) {
        if (official.holds(Role.AUDITOR) || official.holds(Role.APPROVER) || official.holds(Role.ADMIN)) {
            return true;
        }
        Long org = official.organization().id();
        return org.equals(batch.channel().source().organization().id())
                || org.equals(batch.destination().organization().id());
    }

    static String describe(Batch batch) {
        return batch.channel().name() + "/" + batch.name();
    }
}
