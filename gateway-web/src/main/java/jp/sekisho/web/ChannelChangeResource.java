package jp.sekisho.web;

import java.security.cert.X509Certificate;

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

import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.Refused;

/** Proposed changes of channels, and the approvers' decisions on them (each with a fresh TOTP code). */
@Path("channel-changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelChangeResource {

    @EJB
    Channels channels;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        ApiAuthenticationFilter.callerOf(request);
        JsonArrayBuilder list = Json.createArrayBuilder();
        channels.changes().forEach(change -> list.add(json(change)));
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
        return json(channels.decideChange(ApiAuthenticationFilter.callerOf(request), id, decision.equals("APPROVE"),
                input.required("totp"), input.optional("reason")));
    }

    static JsonObject json(ChannelChange change) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", change.id())
                .add("channel", change.channel().name().value()).add("kind", change.kind().name())
                .add("state", change.state().name()).add("proposedBy", change.proposedBy().login())
                .add("proposedAt", change.proposedAt().toString());
        if (change.kind() == ChannelChange.Kind.DESTINATION) {
            json.add("destination", change.proposedValue());
        } else {
            X509Certificate certificate = SelfSignedCredentials.parseCertificatePem(change.proposedValue());
            json.add("certificate", Json.createObjectBuilder()
                    .add("subject", certificate.getSubjectX500Principal().getName())
                    .add("serial", certificate.getSerialNumber().toString(16))
                    .add("notAfter", certificate.getNotAfter().toInstant().toString())
                    .add("sha256", SelfSignedCredentials.fingerprintHex(certificate)));
        }
        JsonArrayBuilder approvals = Json.createArrayBuilder();
        if (change.firstApprover() != null) {
            approvals.add(Json.createObjectBuilder().add("approver", change.firstApprover().login())
                    .add("at", change.firstApprovedAt().toString()));
        }
        if (change.state() == ChannelChange.State.APPLIED) {
            approvals.add(Json.createObjectBuilder().add("approver", change.decidedBy().login())
                    .add("at", change.decidedAt().toString()));
        }
        json.add("approvals", approvals);
        if (change.state() == ChannelChange.State.REJECTED) {
            json.add("rejectedBy", change.decidedBy().login()).add("reason", change.reason());
        }
        return json.build();
    }
}
