package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jp.sekisho.identity.boundary.Penalties;

/**
 * The defender's penalties in force (administrators and auditors), and lifting one (administrators):
 * {@code DELETE /api/penalties/203.0.113.7} or {@code DELETE /api/penalties/approver1}.
 */
@Path("penalties")
@Produces(MediaType.APPLICATION_JSON)
public class PenaltyResource {

    @EJB
    Penalties penalties;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        penalties.inForce(ApiAuthenticationFilter.callerOf(request)).forEach(penalty -> list.add(Json
                .createObjectBuilder().add("kind", penalty.kind()).add("subject", penalty.subject())
                .add("until", penalty.until().toString()).add("detail", penalty.detail())));
        return Json.createObjectBuilder().add("penalties", list).build();
    }

    @DELETE
    @Path("{subject}")
    public Response lift(@PathParam("subject") String subject) {
        penalties.lift(ApiAuthenticationFilter.callerOf(request), subject);
        return Response.noContent().build();
    }
}
