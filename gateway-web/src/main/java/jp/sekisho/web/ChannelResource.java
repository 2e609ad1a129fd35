package jp.sekisho.web;

import java.time.Duration;
import java.util.HashSet;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.shared.Refused;

/** Channels: every official may read them; administrators create them. */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @EJB
    Channels channels;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        channels.all().forEach(channel -> list.add(json(channel)));
        return Json.createObjectBuilder().add("channels", list).build();
    }

    @POST
    public Response create(String body) {
        JsonInput input = JsonInput.parse(body);
        Channels.ChannelDefinition definition;
        try {
            definition = new Channels.ChannelDefinition(new ChannelName(input.required("name")),
                    new AccountName(input.required("source")), new AccountName(input.required("destination")),
                    input.required("recipientCertificatePem"), (int) input.requiredNumber("requiredApprovals"),
                    new HashSet<>(input.strings("approverOrganizations")),
                    new Windows(Duration.ofSeconds(input.requiredNumber("submitWindowSeconds")),
                            Duration.ofSeconds(input.requiredNumber("approvalWindowSeconds")),
                            Duration.ofSeconds(input.requiredNumber("downloadWindowSeconds")),
                            (int) input.requiredNumber("maxDownloads")),
                    input.object("dataContract") == null ? DataContract.NONE
                            : DataContract.fromJson(input.object("dataContract")));
        } catch (IllegalArgumentException | jakarta.json.JsonException | ClassCastException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-channel", e.getMessage());
        }
        Channel channel = channels.create(ApiAuthenticationFilter.callerOf(request), definition);
        return Response.status(Response.Status.CREATED).entity(json(channel)).build();
    }

    /**
     * Proposes a new recipient certificate (body {@code {"recipientCertificatePem": "-----BEGIN…"}}); it applies to
     * batches created after two approvers agreed, see {@link ChannelChangeResource}.
     */
    @POST
    @Path("{name}/recipient-certificate")
    public Response proposeRecipientCertificate(@PathParam("name") String name, String body) {
        return proposed(channels.proposeRecipientCertificate(ApiAuthenticationFilter.callerOf(request),
                channelName(name), JsonInput.parse(body).required("recipientCertificatePem")));
    }

    /** Proposes a new destination (body {@code {"destination": "account"}}); two approvers apply it. */
    @POST
    @Path("{name}/destination")
    public Response proposeDestination(@PathParam("name") String name, String body) {
        ChannelName channel = channelName(name);
        AccountName destination;
        try {
            destination = new AccountName(JsonInput.parse(body).required("destination"));
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "no-such-account", e.getMessage());
        }
        return proposed(channels.proposeDestination(ApiAuthenticationFilter.callerOf(request), channel, destination));
    }

    /** A proposal waits for approvers: 202 with the change. */
    private static Response proposed(ChannelChange change) {
        return Response.status(Response.Status.ACCEPTED).entity(ChannelChangeResource.json(change)).build();
    }

    private static ChannelName channelName(String name) {
        try {
            return new ChannelName(name);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No channel named " + name);
        }
    }

    private static JsonObject json(Channel channel) {
        JsonArrayBuilder approverOrganizations = Json.createArrayBuilder();
        for (Organization organization : channel.policy().approverOrganizations()) {
            approverOrganizations.add(organization.code());
        }
        Windows windows = channel.windows();
        return Json.createObjectBuilder()
                .add("name", channel.name().value())
                .add("source", channel.source().name().value())
                .add("destination", channel.destination().name().value())
                .add("requiredApprovals", channel.policy().requiredApprovals())
                .add("approverOrganizations", approverOrganizations)
                .add("submitWindowSeconds", windows.submit().toSeconds())
                .add("approvalWindowSeconds", windows.approval().toSeconds())
                .add("downloadWindowSeconds", windows.download().toSeconds())
                .add("maxDownloads", windows.maxDownloads())
                .add("dataContract", Json.createReader(new java.io.StringReader(channel.dataContract().toJson()))
                        .readObject())
                .build();
    }
}
