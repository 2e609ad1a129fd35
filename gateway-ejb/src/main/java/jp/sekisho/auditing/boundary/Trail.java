package jp.sekisho.auditing.boundary;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.audit.boundary.Checkpoints;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.auditing.control.TrailScope;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;

/**
 * The audit trail as auditors read it, whichever way they come in: events in chain order or filtered newest first,
 * the export that {@code sekisho-cli verify-audit} checks offline, signed checkpoints, and the chain's verification.
 * Only auditors, each reading the part of the trail {@link TrailScope} gives them; the export is the whole chain
 * (a verifier needs every event), so only auditors of the organization that runs the gateway export, and every
 * export is itself audited. Checkpoints and the verification name no batch, so every auditor reads them.
 */
@Stateless
public class Trail {

    /** Events per page of an export: each page is read in a transaction of its own. */
    public static final int EXPORT_PAGE = 5_000;

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    Checkpoints checkpoints;

    @EJB
    ChainWatch chainWatch;

    @EJB
    Identities identities;

    /** Which events an export covers: {@code first}..{@code last}, both included. */
    public record ExportRange(long first, long last) {
    }

    /** Events after {@code afterSeq} in chain order, at most {@code limit} (of one batch, unless it is null). */
    public List<AuditEventView> events(Caller caller, long afterSeq, int limit, String batch) {
        AuditTrail.Scope scope = TrailScope.of(em, requireAuditor(caller));
        return audit.events(scope, batch, afterSeq, limit).stream().map(AuditEventView::of).toList();
    }

    /** The newest events that match, before {@code beforeSeq} (to page back), at most {@code limit}. */
    public List<AuditEventView> search(Caller caller, AuditTrail.Filter filter, long beforeSeq, int limit) {
        AuditTrail.Scope scope = TrailScope.of(em, requireAuditor(caller));
        return audit.search(filter, scope, beforeSeq, limit).stream().map(AuditEventView::of).toList();
    }

    /** Starts an export of events {@code from}..{@code to} (default: up to the head); the export is audited. */
    public ExportRange export(Caller caller, long from, Long to) {
        requireWholeTrailReader(caller);
        long last = Math.min(to == null ? Long.MAX_VALUE : to, audit.headSeq());
        long first = Math.max(1, from);
        audit.append(AuditRecord.success(caller.login(), AuditAction.AUDIT_EXPORTED, "events " + first + ".." + last,
                null, caller.clientAddress(), null));
        return new ExportRange(first, last);
    }

    /**
     * The export's lines after event {@code afterSeq} (start with {@code first - 1}): events with the signed
     * checkpoints in place; the first page begins with the checkpoint of the event before the range, where one
     * exists, so that its first link can be checked too. Empty once the range is done.
     */
    public List<AuditExport.Line> exportPage(Caller caller, ExportRange range, long afterSeq) {
        requireWholeTrailReader(caller);
        List<AuditExport.Line> lines = new ArrayList<>();
        if (afterSeq == range.first() - 1) {
            lines.addAll(checkpoints.between(afterSeq, afterSeq));
        }
        if (afterSeq >= range.last()) {
            return lines;
        }
        List<AuditEvent> page = audit.page(afterSeq, range.last(), EXPORT_PAGE);
        if (page.isEmpty()) {
            return lines;
        }
        Iterator<Checkpoint> signed = checkpoints.between(page.get(0).seq(), page.get(page.size() - 1).seq())
                .iterator();
        Checkpoint next = signed.hasNext() ? signed.next() : null;
        for (AuditEvent event : page) {
            lines.add(event.exported());
            while (next != null && next.seq() == event.seq()) {
                lines.add(next);
                next = signed.hasNext() ? signed.next() : null;
            }
        }
        return lines;
    }

    public List<Checkpoint> latestCheckpoints(Caller caller, int limit) {
        requireAuditor(caller);
        return checkpoints.latest(Math.min(Math.max(limit, 1), 1000));
    }

    /** Signs a checkpoint of the chain's head now, or returns the one that exists. */
    public Checkpoint signCheckpoint(Caller caller) {
        requireAuditor(caller);
        return checkpoints.sign();
    }

    /** Recomputes the whole chain now; the background verification (and the health check) takes the result over. */
    public ChainWatch.Status verify(Caller caller) {
        requireAuditor(caller);
        return chainWatch.verifyFully();
    }

    private Official requireAuditor(Caller caller) {
        try {
            return identities.auditor(caller, "read the audit trail");
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "read the audit trail", null, refused);
        }
    }

    private void requireWholeTrailReader(Caller caller) {
        if (!TrailScope.runsTheGateway(em, requireAuditor(caller).organization())) {
            throw audit.appendRefusal(caller, "export the audit trail", null, new Refused(Refused.Kind.FORBIDDEN,
                    "not-the-operator", "Only auditors of the organization that runs the gateway export the "
                            + "whole audit trail"));
        }
    }
}
