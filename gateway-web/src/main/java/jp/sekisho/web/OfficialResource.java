package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jp.sekisho.identity.boundary.OfficialView;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.identity.entity.Role;

/**
 * Organizations and officials, administered through the same boundary as the console. A new official's initial
 * password is in the creation's answer and nowhere else; the official enrols the authenticator at first login.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class OfficialResource {

    @EJB
    Officials officials;

    @Context
    ContainerRequestContext request;

    @GET
    @Path("organizations")
    public JsonObject organizations() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (OrganizationView organization : officials.organizations(ApiAuthenticationFilter.callerOf(request))) {
            list.add(json(organization));
        }
        return Json.createObjectBuilder().add("organizations", list).build();
    }

    /** Body: {@code {"code": "…", "name": "…", "contractedBy": "client-code"}}; contractedBy is optional. */
    @POST
    @Path("organizations")
    public Response createOrganization(String body) {
        JsonInput input = JsonInput.parse(body);
        OrganizationView created = officials.createOrganization(ApiAuthenticationFilter.callerOf(request),
                input.required("code"), input.required("name"), input.optional("contractedBy"));
        return Response.status(Response.Status.CREATED).entity(json(created)).build();
    }

    @GET
    @Path("officials")
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (OfficialView official : officials.officials(ApiAuthenticationFilter.callerOf(request))) {
            list.add(json(official));
        }
        return Json.createObjectBuilder().add("officials", list).build();
    }

    /**
     * Body: {@code {"login", "displayName", "organization", "roles": [...], "timeZone"}}; the answer holds the
     * initial password, shown this once.
     */
    @POST
    @Path("officials")
    public Response create(String body) {
        JsonInput input = JsonInput.parse(body);
        Officials.InitialPassword initial = officials.createOfficial(ApiAuthenticationFilter.callerOf(request),
                new Officials.NewOfficial(input.required("login"), input.required("displayName"),
                        input.required("organization"), Role.parseAll(input.strings("roles")),
                        input.optional("timeZone")));
        return handedOver(initial);
    }

    /** Body: {@code {"roles": [...], "enabled": true, "timeZone": "Asia/Tokyo"}}: the whole new state. */
    @PUT
    @Path("officials/{login}")
    public JsonObject change(@PathParam("login") String login, String body) {
        JsonInput input = JsonInput.parse(body);
        return json(officials.change(ApiAuthenticationFilter.callerOf(request), login,
                Role.parseAll(input.requiredStrings("roles")), input.optionalBoolean("enabled", true),
                input.optional("timeZone")));
    }

    @POST
    @Path("officials/{login}/credential-resets")
    public Response reset(@PathParam("login") String login) {
        return handedOver(officials.resetCredentials(ApiAuthenticationFilter.callerOf(request), login));
    }

    /** The initial password, in this answer only. */
    private static Response handedOver(Officials.InitialPassword initial) {
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder()
                .add("login", initial.login()).add("initialPassword", initial.password()).build()).build();
    }

    private static JsonObject json(OrganizationView organization) {
        return Json.createObjectBuilder().add("code", organization.code()).add("name", organization.name())
                .add("contractedBy", Json.createArrayBuilder(organization.contractedBy())).build();
    }

    private static JsonObject json(OfficialView official) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        official.roles().forEach(role -> roles.add(role.name()));
        return Json.createObjectBuilder().add("login", official.login()).add("displayName", official.displayName())
                .add("organization", official.organizationCode()).add("roles", roles)
                .add("enabled", official.enabled()).add("enrolled", official.enrolled())
                .add("timeZone", official.timeZone()).build();
    }
}
