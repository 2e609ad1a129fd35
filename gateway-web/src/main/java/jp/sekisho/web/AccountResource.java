package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

import jp.sekisho.identity.boundary.SystemAccountView;
import jp.sekisho.identity.boundary.SystemAccounts;

/** System accounts and their SSH keys: administrators register and revoke keys; auditors may look. */
@Path("accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @EJB
    SystemAccounts accounts;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (SystemAccountView account : accounts.all(ApiAuthenticationFilter.callerOf(request))) {
            JsonArrayBuilder keys = Json.createArrayBuilder();
            account.keys().forEach(key -> keys.add(json(key)));
            list.add(Json.createObjectBuilder().add("name", account.name())
                    .add("organization", account.organizationCode()).add("enabled", account.enabled())
                    .add("allowedNetworks", Json.createArrayBuilder(account.allowedNetworks())).add("keys", keys));
        }
        return Json.createObjectBuilder().add("accounts", list).build();
    }

    /** Body: {@code {"name": "…", "organization": "code"}}; the account logs in once a key is registered. */
    @POST
    public Response create(String body) {
        JsonInput input = JsonInput.parse(body);
        SystemAccountView account = accounts.create(ApiAuthenticationFilter.callerOf(request),
                input.required("name"), input.required("organization"));
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder()
                .add("name", account.name()).add("organization", account.organizationCode()).build()).build();
    }

    /** Body: {@code {"publicKey": "ssh-ed25519 AAAA… comment"}}, one line of the account's .pub file. */
    @POST
    @Path("{name}/keys")
    public Response register(@PathParam("name") String name, String body) {
        SystemAccountView.KeyView key = accounts.registerKey(ApiAuthenticationFilter.callerOf(request), name,
                JsonInput.parse(body).required("publicKey"));
        return Response.status(Response.Status.CREATED).entity(json(key)).build();
    }

    /** Body: {@code {"allowedNetworks": ["203.0.113.0/24", …]}}; an empty list admits any client address. */
    @PUT
    @Path("{name}/networks")
    public JsonObject limitToNetworks(@PathParam("name") String name, String body) {
        SystemAccountView account = accounts.limitToNetworks(ApiAuthenticationFilter.callerOf(request), name,
                JsonInput.parse(body).requiredStrings("allowedNetworks"));
        return Json.createObjectBuilder().add("name", account.name())
                .add("allowedNetworks", Json.createArrayBuilder(account.allowedNetworks())).build();
    }

    /** Body: {@code {"fingerprint": "SHA256:…"}}; the key's open SFTP sessions are closed. */
    @POST
    @Path("{name}/keys/revocations")
    public JsonObject revoke(@PathParam("name") String name, String body) {
        return json(accounts.revokeKey(ApiAuthenticationFilter.callerOf(request), name,
                JsonInput.parse(body).required("fingerprint")));
    }

    private static JsonObject json(SystemAccountView.KeyView key) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("fingerprint", key.fingerprint())
                .add("type", key.type()).add("comment", key.comment())
                .add("registeredAt", key.registeredAt().toString());
        if (key.revokedAt() == null) {
            json.addNull("revokedAt");
        } else {
            json.add("revokedAt", key.revokedAt().toString());
        }
        return json.build();
    }
}
