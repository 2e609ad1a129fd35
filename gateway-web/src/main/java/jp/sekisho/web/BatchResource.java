package jp.sekisho.web;

import java.util.Optional;

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
import jakarta.ws.rs.core.Response;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.auditing.boundary.Custody;
import jp.sekisho.auditing.control.CustodyReport;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Approvals;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.BatchId;

/** Batches for officials: list, inspect, submit, withdraw, approve or reject, and the deletion certificate. */
@Path("batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    @EJB
    Batches batches;

    @EJB
    Custody custody;

    @EJB
    Approvals approvals;

    @EJB
    Retention retention;

    @Context
    ContainerRequestContext request;

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        batches.visibleTo(caller()).forEach(batch -> list.add(BatchJson.summary(batch)));
        return Json.createObjectBuilder().add("batches", list).build();
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) {
        BatchId batchId = batchId(id);
        return BatchJson.detail(batches.find(caller(), batchId), retention.certificateOf(caller(), batchId));
    }

    /** The exact manifest bytes whose SHA-256 approvers sign. */
    @GET
    @Path("{id}/manifest")
    public Response manifest(@PathParam("id") String id) {
        return Response.ok(batches.manifest(caller(), batchId(id)),
                MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    @POST
    @Path("{id}/submit")
    public JsonObject submit(@PathParam("id") String id, String body) {
        JsonInput input = JsonInput.parse(body);
        return BatchJson.detail(batches.submit(caller(), batchId(id), input.required("purpose"),
                input.required("useUntil")), Optional.empty());
    }

    /** Takes back a batch not yet released; what was uploaded is purged as soon as that commits. */
    @POST
    @Path("{id}/withdraw")
    public JsonObject withdraw(@PathParam("id") String id) {
        batches.withdraw(caller(), batchId(id));
        return get(id);
    }

    @POST
    @Path("{id}/approvals")
    public JsonObject decide(@PathParam("id") String id, String body) {
        JsonInput input = JsonInput.parse(body);
        Decision decision;
        try {
            decision = Decision.valueOf(input.required("decision"));
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-decision", "decision is APPROVE or REJECT");
        }
        approvals.decide(caller(), batchId(id), decision, input.required("manifestDigest"), input.required("totp"),
                input.optional("reason"));
        return get(id);
    }

    /**
     * Who had this batch's data and whether it is gone: the SFTP sessions (account, key, client, bytes), the
     * officials, every event from the chain, the receipt, the deletion certificate and the verdict.
     */
    @GET
    @Path("{id}/custody")
    public JsonObject custody(@PathParam("id") String id) {
        Custody.CustodyView report = custody.of(caller(), batchId(id));
        JsonArrayBuilder sessions = Json.createArrayBuilder();
        for (CustodyReport.Session session : report.custody().sessions()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("account", session.account())
                    .add("client", session.client()).add("bytesWritten", session.bytesWritten())
                    .add("bytesRead", session.bytesRead()).add("files", Json.createArrayBuilder(session.files()));
            BatchJson.nullable(entry, "keyFingerprint", session.keyFingerprint());
            BatchJson.nullable(entry, "loggedInAt", session.loggedInAt());
            sessions.add(entry);
        }
        JsonArrayBuilder events = Json.createArrayBuilder();
        report.custody().events().forEach(event -> events.add(AuditResource.json(event)));
        BatchView batch = report.batch();
        JsonObjectBuilder json = Json.createObjectBuilder().add("batch", BatchJson.detail(batch,
                report.certificate())).add("verdict", report.custody().verdict().name()).add("sessions", sessions)
                .add("officials", Json.createArrayBuilder(report.custody().officials()))
                .add("bytesRead", report.custody().bytesRead()).add("events", events);
        BatchJson.nullable(json, "receiptRecordedAt", batch.receipt() == null ? null : batch.receipt().recordedAt());
        return json.build();
    }

    @GET
    @Path("{id}/deletion-certificate")
    public Response deletionCertificate(@PathParam("id") String id) {
        return Response.ok(certificate(id).body(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * The gateway's detached CMS signature over the certificate's exact bytes (as {@code GET …/deletion-certificate}
     * returns them): {@code openssl cms -verify -binary -inform DER -content <certificate> -CAfile <gateway cert>}.
     */
    @GET
    @Path("{id}/deletion-certificate/signature")
    @Produces("application/pkcs7-signature")
    public byte[] deletionCertificateSignature(@PathParam("id") String id) {
        byte[] signature = certificate(id).signature();
        if (signature == null) {
            throw new Refused(Refused.Kind.NOT_FOUND, "certificate-unsigned",
                    "This certificate was issued before the gateway signed deletion certificates");
        }
        return signature;
    }

    /** Body: {@code {"certificateDigest": "…", "totp": "123456"}}; an approver of the data owner confirms. */
    @POST
    @Path("{id}/deletion-certificate/confirmations")
    public JsonObject confirmDeletion(@PathParam("id") String id, String body) {
        JsonInput input = JsonInput.parse(body);
        retention.confirmDeletion(caller(), batchId(id), input.required("certificateDigest"), input.required("totp"));
        return get(id);
    }

    /** The recipient's signed receipt as uploaded, for anyone who wants to check it with openssl themselves. */
    @GET
    @Path("{id}/receipt")
    @Produces("application/pkcs7-mime")
    public Response receipt(@PathParam("id") String id) {
        return Response.ok(batches.receipt(caller(), batchId(id)), "application/pkcs7-mime")
                .header("Content-Disposition", "attachment; filename=\"receipt.p7s\"").build();
    }

    private DeletionCertificateView certificate(String id) {
        return retention.certificateOf(caller(), batchId(id)).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                "no-certificate", "The batch has not been purged yet"));
    }

    private Caller caller() {
        return ApiAuthenticationFilter.callerOf(request);
    }

    private static BatchId batchId(String id) {
        try {
            return new BatchId(id);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such batch");
        }
    }
}
