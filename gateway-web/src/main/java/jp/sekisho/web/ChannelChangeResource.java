package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import jp.sekisho.channel.boundary.ChannelChangeView;
import jp.sekisho.channel.boundary.ChannelChanges;
import jp.sekisho.shared.Refused;

/** Proposed changes of channels, and the approvers' decisions on them (each with a fresh TOTP code). */
@Path("channel-changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelChangeResource {

    @EJB
    ChannelChanges changes;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        changes.all(ApiAuthenticationFilter.callerOf(request)).forEach(change -> list.add(json(change)));
        return Json.createObjectBuilder().add("changes", list).build();
    }

    /** Body: {@code {"decision": "APPROVE"|"REJECT", "totp": "123456", "reason": "…"}}. */
    @POST
    @Path("{id}/decisions")
    public JsonObject decide(@PathParam("id") long id, String body) {
        JsonInput input = JsonInput.parse(body);
        String decision = input.required("decision");
        if (!decision.equals("APPROVE") && !decision.equals("REJECT")) {
            throw new Refused(Refused.Kind.INVALID, "invalid-decision", "decision is APPROVE or REJECT");
        }
        return json(changes.decide(ApiAuthenticationFilter.callerOf(request), id, decision.equals("APPROVE"),
                input.required("totp"), input.optional("reason")));
    }

    static JsonObject json(ChannelChangeView change) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", change.id()).add("channel", change.channel())
                .add("kind", change.kind().name()).add("state", change.state().name())
                .add("proposedBy", change.proposedBy().login()).add("proposedAt", change.proposedAt().toString());
        if (change.destination() != null) {
            json.add("destination", change.destination());
        } else {
            json.add("certificate", Json.createObjectBuilder().add("subject", change.certificate().subject())
                    .add("serial", change.certificate().serial())
                    .add("notAfter", change.certificate().notAfter().toString())
                    .add("sha256", change.certificate().sha256()));
        }
        JsonArrayBuilder approvals = Json.createArrayBuilder();
        change.approvals().forEach(approval -> approvals.add(Json.createObjectBuilder()
                .add("approver", approval.approver().login()).add("at", approval.at().toString())));
        json.add("approvals", approvals);
        if (change.rejectedBy() != null) {
            json.add("rejectedBy", change.rejectedBy().login()).add("reason", change.reason());
        }
        return json.build();
    }
}
