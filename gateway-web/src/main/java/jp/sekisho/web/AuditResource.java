package jp.sekisho.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.audit.boundary.Checkpoints;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.shared.Refused;

/** The audit trail for auditors: events in chain order, by batch, and the chain's verification. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @EJB
    AuditTrail audit;

    @EJB
    ChainWatch chainWatch;

    @EJB
    Identities identities;

    @EJB
    Checkpoints checkpoints;

    private static final int EXPORT_PAGE = 5_000;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject events(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("200") int limit, @QueryParam("batch") String batch) {
        requireAuditor();
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (AuditEvent event : batch == null ? audit.events(after, limit) : audit.eventsOfBatch(batch)) {
            events.add(json(event));
        }
        return Json.createObjectBuilder().add("events", events).build();
    }

    /**
     * The newest events first, narrowed by any of batch, actor, action and a time range ({@code from}, {@code to}
     * as ISO instants); {@code before} pages back by sequence number.
     */
    @GET
    @Path("search")
    public JsonObject search(@QueryParam("batch") String batch, @QueryParam("actor") String actor,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("before") @DefaultValue("9223372036854775807") long before,
            @QueryParam("limit") @DefaultValue("200") int limit) {
        requireAuditor();
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (AuditEvent event : audit.search(AuditTrail.Filter.of(batch, actor, action, instant(from, "from"),
                instant(to, "to")), before, limit)) {
            events.add(json(event));
        }
        return Json.createObjectBuilder().add("events", events).build();
    }

    /**
     * Events {@code from}..{@code to} (default: all) as JSON Lines with the signed checkpoints among them, for
     * {@code sekisho-cli verify-audit}. A range that starts after the first event begins with the checkpoint of
     * the event before it, where one exists, so that its first link can be checked too. Streamed page by page.
     */
    @GET
    @Path("export")
    @Produces("application/jsonl")
    public Response export(@QueryParam("from") @DefaultValue("1") long from, @QueryParam("to") Long to) {
        Caller caller = requireAuditor();
        long last = Math.min(to == null ? Long.MAX_VALUE : to, audit.headSeq());
        long first = Math.max(1, from);
        audit.append(AuditRecord.success(caller.login(), AuditAction.AUDIT_EXPORTED, "events " + first + ".." + last,
                null, caller.clientAddress(), null));
        StreamingOutput body = output -> {
            AuditExport.Writer writer = new AuditExport.Writer(output);
            for (Checkpoint before : checkpoints.between(first - 1, first - 1)) {
                writer.write(before);
            }
            long after = first - 1;
            while (after < last) {
                List<AuditEvent> page = audit.page(after, last, EXPORT_PAGE);
                if (page.isEmpty()) {
                    break;
                }
                Iterator<Checkpoint> signed = checkpoints.between(page.get(0).seq(), page.get(page.size() - 1).seq())
                        .iterator();
                Checkpoint next = signed.hasNext() ? signed.next() : null;
                for (AuditEvent event : page) {
                    writer.write(event.exported());
                    while (next != null && next.seq() == event.seq()) {
                        writer.write(next);
                        next = signed.hasNext() ? signed.next() : null;
                    }
                }
                after = page.get(page.size() - 1).seq();
            }
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"sekisho-audit-" + first
                + "-" + last + ".jsonl\"").build();
    }

    /** The latest signed checkpoints, one JSON line each: keep them outside the gateway. */
    @GET
    @Path("checkpoints")
    @Produces("application/jsonl")
    public String latestCheckpoints(@QueryParam("limit") @DefaultValue("20") int limit) {
        requireAuditor();
        StringBuilder lines = new StringBuilder();
        checkpoints.latest(Math.min(Math.max(limit, 1), 1000))
                .forEach(checkpoint -> lines.append(AuditExport.lineOf(checkpoint)).append('\n'));
        return lines.toString();
    }

    /** Signs a checkpoint of the chain's head now (or returns the existing one) and answers it as one JSON line. */
    @POST
    @Path("checkpoints")
    @Produces("application/jsonl")
    public String signCheckpoint() {
        requireAuditor();
        return AuditExport.lineOf(checkpoints.sign()) + "\n";
    }

    /**
     * Recomputes the whole chain now; the background verification (and with it the health check) takes the
     * result over.
     */
    @GET
    @Path("verification")
    public JsonObject verify() {
        requireAuditor();
        ChainWatch.Status status = chainWatch.verifyFully();
        JsonObjectBuilder json = Json.createObjectBuilder().add("intact", status.intact())
                .add("verifiedSeq", status.verifiedSeq()).add("headHash", status.verifiedHash());
        if (!status.intact()) {
            json.add("firstBrokenSeq", status.firstBrokenSeq());
        }
        if (status.checkedAt() != null) {
            json.add("checkedAt", status.checkedAt().toString());
        }
        return json.build();
    }

    private static Instant instant(String text, String field) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", field + " is an ISO instant, e.g. "
                    + "2026-06-21T00:00:00Z");
        }
    }

    private Caller requireAuditor() {
        Caller caller = ApiAuthenticationFilter.callerOf(request);
        identities.auditor(caller, "read the audit trail");
        return caller;
    }

    static JsonObject json(AuditEvent event) {
        AuditRecord record = event.record();
        JsonObjectBuilder json = Json.createObjectBuilder().add("seq", event.seq())
                .add("at", event.occurredAt().toString()).add("actor", record.actor())
                .add("action", record.action().name()).add("outcome", record.outcome().name());
        add(json, "subject", record.subject());
        add(json, "batch", record.batchPublicId());
        add(json, "client", record.clientAddress());
        add(json, "detail", record.detail());
        return json.add("prevHash", event.prevHash()).add("hash", event.hash()).build();
    }

    private static void add(JsonObjectBuilder json, String field, String value) {
        if (value != null) {
            json.add(field, value);
        }
    }
}
