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

import jp.sekisho.channel.boundary.ChannelChangeView;
import jp.sekisho.channel.boundary.ChannelChanges;
import jp.sekisho.channel.boundary.ChannelView;
import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.boundary.NewChannel;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.entity.Caller;

/** Channels: every official may read them; administrators create them. */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @EJB
    Channels channels;

    @EJB
    ChannelChanges changes;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        channels.all(caller()).forEach(channel -> list.add(json(channel)));
        return Json.createObjectBuilder().add("channels", list).build();
    }

    @POST
    public Response create(String body) {
        JsonInput input = JsonInput.parse(body);
        JsonInput contract = input.nested("dataContract");
        ChannelView channel = channels.create(caller(), new NewChannel(input.required("name"),
                input.required("source"), input.required("destination"), input.required("recipientCertificatePem"),
                (int) input.requiredNumber("requiredApprovals"), new HashSet<>(input.strings("approverOrganizations")),
                seconds(input, "submitWindowSeconds"), seconds(input, "approvalWindowSeconds"),
                seconds(input, "downloadWindowSeconds"), (int) input.requiredNumber("maxDownloads"),
                contract.strings("fileNamePatterns"), contract.strings("csvColumns"),
                contract.optionalNumber("maxFiles"), contract.optionalNumber("maxBytesPerFile"),
                contract.optionalNumber("maxBytesPerBatch"), contract.optionalNumber("maxRecordsPerFile"),
                contract.optionalNumber("maxRecordsPerBatch")));
        return Response.status(Response.Status.CREATED).entity(json(channel)).build();
    }

    /**
     * Proposes a new recipient certificate (body {@code {"recipientCertificatePem": "-----BEGIN…"}}); it applies to
     * batches created after two approvers agreed, see {@link ChannelChangeResource}.
     */
    @POST
    @Path("{name}/recipient-certificate")
    public Response proposeRecipientCertificate(@PathParam("name") String name, String body) {
        return proposed(changes.proposeRecipientCertificate(caller(), name,
                JsonInput.parse(body).required("recipientCertificatePem")));
    }

    /** Proposes a new destination (body {@code {"destination": "account"}}); two approvers apply it. */
    @POST
    @Path("{name}/destination")
    public Response proposeDestination(@PathParam("name") String name, String body) {
        return proposed(changes.proposeDestination(caller(), name, JsonInput.parse(body).required("destination")));
    }

    /** A proposal waits for approvers: 202 with the change. */
    private static Response proposed(ChannelChangeView change) {
        return Response.status(Response.Status.ACCEPTED).entity(ChannelChangeResource.json(change)).build();
    }

    private static Duration seconds(JsonInput input, String field) {
        return Duration.ofSeconds(input.requiredNumber(field));
    }

    private Caller caller() {
        return ApiAuthenticationFilter.callerOf(request);
    }

    private static JsonObject json(ChannelView channel) {
        Windows windows = channel.windows();
        return Json.createObjectBuilder()
                .add("name", channel.name())
                .add("source", channel.source())
                .add("destination", channel.destination())
                .add("requiredApprovals", channel.requiredApprovals())
                .add("approverOrganizations", Json.createArrayBuilder(channel.approverOrganizations()))
                .add("submitWindowSeconds", windows.submit().toSeconds())
                .add("approvalWindowSeconds", windows.approval().toSeconds())
                .add("downloadWindowSeconds", windows.download().toSeconds())
                .add("maxDownloads", windows.maxDownloads())
                .add("dataContract", Json.createReader(new java.io.StringReader(channel.contract().toJson()))
                        .readObject())
                .build();
    }
}
