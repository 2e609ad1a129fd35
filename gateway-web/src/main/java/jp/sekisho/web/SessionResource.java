package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.ApiToken;
import jp.sekisho.identity.entity.Role;

/** Log in with password and a current TOTP code; get a bearer token for the API. */
@Path("sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @EJB
    Identities identities;

    @Context
    HttpServletRequest servletRequest;

    @POST
    public Response login(String body) {
        JsonInput input = JsonInput.parse(body);
        ApiToken token = identities.login(input.required("login"), input.required("password").toCharArray(),
                input.required("totp"), servletRequest.getRemoteAddr());
        JsonArrayBuilder roles = Json.createArrayBuilder();
        for (Role role : token.caller().roles()) {
            roles.add(role.name());
        }
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder()
                .add("token", token.token()).add("login", token.caller().login()).add("roles", roles)
                .add("expiresAt", token.expiresAt().toString()).build()).build();
    }

    @DELETE
    public Response logout(@jakarta.ws.rs.HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        identities.logout(authorization.substring("Bearer ".length()).trim());
        return Response.noContent().build();
    }
}
