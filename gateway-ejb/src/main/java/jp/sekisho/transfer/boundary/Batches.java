package jp.sekisho.transfer.boundary;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

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
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.BatchVisibility;
import jp.sekisho.transfer.control.ManifestWriter;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchEnded;
import jp.sekisho.transfer.entity.BatchId;

/**
 * What officials do with batches outside approval, whichever way they come in: see them, read the exact manifest
 * and the recipient's receipt, submit a batch with a purpose, withdraw it. Every answer is for the caller: a batch
 * they may not see ({@link BatchVisibility}) does not exist for them, and asking for it is audited as refused.
 */
@Stateless
public class Batches {

    private static final int LIST_LIMIT = 500;

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

    /** The batches the caller sees (docs/access.md), newest first. */
    public List<BatchSummary> visibleTo(Caller caller) {
        Instant now = clock.instant();
        return BatchVisibility.newestFirst(em, identities.official(caller), LIST_LIMIT).stream()
                .map(batch -> new BatchSummary(batch.publicId().value(), batch.name().value(),
                        batch.channel().name().value(), batch.stateAt(now), batch.createdAt(),
                        batch.state().ended() ? null : batch.expiresAt(), batch.approvals().stream()
                                .map(approval -> approval.official().login()).collect(Collectors.toSet())))
                .toList();
    }

    public BatchView find(Caller caller, BatchId id) {
        return find(caller, id, "read the batch");
    }

    /**
     * The batch, for a reader of something that belongs to it ({@code operation}: its custody report, its deletion
     * certificate): a batch the caller may not see is refused as not found, and the refusal is audited.
     */
    public BatchView find(Caller caller, BatchId id, String operation) {
        return view(visible(caller, id, operation));
    }

    /** The exact manifest bytes whose SHA-256 approvers sign. */
    public String manifest(Caller caller, BatchId id) {
        String manifest = visible(caller, id, "read the manifest").submission().manifestJson();
        if (manifest == null) {
            throw new Refused(Refused.Kind.NOT_FOUND, "not-submitted", "The batch has not been submitted yet");
        }
        return manifest;
    }

    /** The recipient's signed receipt exactly as it was put into the batch folder. */
    public byte[] receipt(Caller caller, BatchId id) {
        byte[] receipt = visible(caller, id, "read the receipt").receipt().signed();
        if (receipt == null) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-receipt", "The recipient has not confirmed receipt yet");
        }
        return receipt;
    }

    /**
     * Freezes the batch with its manifest. The data may be used until the end of {@code lastDayOfUse}
     * ({@code yyyy-MM-dd}) in the requester's time zone.
     */
    public BatchView submit(Caller caller, BatchId id, String purpose, String lastDayOfUse) {
        try {
            Official requester = identities.official(caller);
            BatchVisibility.requireSeen(em, requester, id);
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
            return view(batch);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "submit", id.value(), refused);
        }
    }

    /** Takes back a batch not yet released; once that commits, whatever was uploaded is purged. */
    public BatchView withdraw(Caller caller, BatchId id) {
        try {
            Official requester = identities.official(caller);
            BatchVisibility.requireSeen(em, requester, id);
            Batch batch = BatchLocks.lock(em, id);
            batch.withdraw(requester, clock.instant());
            audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_WITHDRAWN, describe(batch),
                    id.value(), caller.clientAddress(), null));
            ended.fire(new BatchEnded(id));
            return view(batch);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "withdraw", id.value(), refused);
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

    /** The batch, if the caller may see it; one they may not see does not exist for them. */
    private Batch visible(Caller caller, BatchId id, String operation) {
        try {
            return BatchVisibility.require(em, identities.official(caller), id);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, operation, id.value(), refused);
        }
    }

    private BatchView view(Batch batch) {
        return BatchView.of(batch, clock.instant(), audit.refusedFilesOf(batch.publicId().value()));
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

    private static String describe(Batch batch) {
        return batch.channel().name() + "/" + batch.name();
    }
}
