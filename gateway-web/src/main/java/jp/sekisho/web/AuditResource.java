package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.transfer.entity.Refused;

/** The audit trail for auditors: events in chain order, by batch, and the chain's verification. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @EJB
    AuditTrail audit;

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

    @GET
    @Path("verification")
    public JsonObject verify() {
        requireAuditor();
        long broken = audit.firstBrokenEvent();
        JsonObjectBuilder json = Json.createObjectBuilder().add("intact", broken < 0);
        if (broken >= 0) {
            json.add("firstBrokenSeq", broken);
        }
        return json.build();
    }

    private void requireAuditor() {
        Caller caller = ApiAuthenticationFilter.callerOf(request);
        if (!caller.roles().contains(Role.AUDITOR)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-auditor", "Only an auditor can read the audit trail");
        }
    }

    private static JsonObject json(AuditEvent event) {
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
