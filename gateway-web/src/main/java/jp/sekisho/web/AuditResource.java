package jp.sekisho.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.auditing.boundary.Trail;
import jp.sekisho.formats.AuditExport;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.shared.Refused;

/** The audit trail for auditors: events in chain order, by batch, and the chain's verification. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @EJB
    Trail trail;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject events(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("200") int limit, @QueryParam("batch") String batch) {
        return list(trail.events(caller(), after, limit, batch));
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
        return list(trail.search(caller(), AuditTrail.Filter.of(batch, actor, action, instant(from, "from"),
                instant(to, "to")), before, limit));
    }

    /**
     * Events {@code from}..{@code to} (default: all) as JSON Lines with the signed checkpoints among them, for
     * {@code sekisho-cli verify-audit}, streamed page by page.
     */
    @GET
    @Path("export")
    @Produces("application/jsonl")
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to) {
        Caller caller = caller();
        Trail.ExportRange range = trail.export(caller, sequence(from, "from", 1L), sequence(to, "to", null));
        StreamingOutput body = output -> {
            AuditExport.Writer writer = new AuditExport.Writer(output);
            long after = range.first() - 1;
            boolean advanced;
            do {
                advanced = false;
                for (AuditExport.Line line : trail.exportPage(caller, range, after)) {
                    writer.write(line);
                    if (line instanceof AuditExport.ExportedEvent event) {
                        after = event.seq();
                        advanced = true;
                    }
                }
            } while (advanced && after < range.last());
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"sekisho-audit-"
                + range.first() + "-" + range.last() + ".jsonl\"").build();
    }

    /** The latest signed checkpoints, one JSON line each: keep them outside the gateway. */
    @GET
    @Path("checkpoints")
    @Produces("application/jsonl")
    public String latestCheckpoints(@QueryParam("limit") @DefaultValue("20") int limit) {
        StringBuilder lines = new StringBuilder();
        trail.latestCheckpoints(caller(), limit)
                .forEach(checkpoint -> lines.append(AuditExport.lineOf(checkpoint)).append('\n'));
        return lines.toString();
    }

    /** Signs a checkpoint of the chain's head now (or returns the existing one) and answers it as one JSON line. */
    @POST
    @Path("checkpoints")
    @Produces("application/jsonl")
    public String signCheckpoint() {
        return AuditExport.lineOf(trail.signCheckpoint(caller())) + "\n";
    }

    /**
     * Recomputes the whole chain now; the background verification (and with it the health check) takes the
     * result over.
     */
    @GET
    @Path("verification")
    public JsonObject verify() {
        ChainWatch.Status status = trail.verify(caller());
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

    private static JsonObject list(List<AuditEventView> found) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        found.forEach(event -> events.add(json(event)));
        return Json.createObjectBuilder().add("events", events).build();
    }

    /** A sequence number of the chain, 1 or more; {@code absent} when the caller named none. */
    private static Long sequence(String text, String field, Long absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            long seq = Long.parseLong(text.trim());
            if (seq >= 1) {
                return seq;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' is a sequence number of "
                + "the chain, 1 or more");
    }

    /** The earliest and latest instants a search may name: the years the trail can hold, 1970 to 9999. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String text, String field) {
        Instant instant;
        try {
            instant = text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            instant = LATEST.plusSeconds(1);
        }
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' is an ISO instant "
                    + "from 1970 to 9999, e.g. 2026-06-21T00:00:00Z");
        }
        return instant;
    }

    private Caller caller() {
        return ApiAuthenticationFilter.callerOf(request);
    }

    static JsonObject json(AuditEventView event) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("seq", event.seq())
                .add("at", event.occurredAt().toString()).add("actor", event.actor())
                .add("action", event.action()).add("outcome", event.outcome());
        add(json, "subject", event.subject());
        add(json, "batch", event.batch());
        add(json, "client", event.client());
        add(json, "detail", event.detail());
        return json.add("prevHash", event.prevHash()).add("hash", event.hash()).build();
    }

    private static void add(JsonObjectBuilder json, String field, String value) {
        if (value != null) {
            json.add(field, value);
        }
    }
}
