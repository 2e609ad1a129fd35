package jp.sekisho.web;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.retention.entity.DeletionCertificate;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.entity.Approval;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;

/** How a batch looks to officials through the API: what leaves, to whom, why, for how long, who co-signed. */
final class BatchJson {

    private BatchJson() {
    }

    static JsonObject summary(Batch batch) {
        Instant now = Clock.systemUTC().instant();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", batch.publicId().value())
                .add("channel", batch.channel().name().value())
                .add("name", batch.name().value())
                .add("state", batch.stateAt(now).name())
                .add("createdAt", batch.createdAt().toString());
        if (!batch.state().ended()) {
            json.add("expiresAt", batch.expiresAt().toString());
        }
        return json.build();
    }

    static JsonObject detail(Batch batch, DeletionCertificate certificate, java.util.List<AuditEvent> discarded) {
        JsonObjectBuilder json = Json.createObjectBuilder(summary(batch));
        json.add("source", batch.channel().source().name().value());
        JsonArrayBuilder chain = Json.createArrayBuilder();
        for (Organization link : batch.destination().organization().contractorChain()) {
            chain.add(Json.createObjectBuilder().add("code", link.code()).add("name", link.name()));
        }
        json.add("destination", Json.createObjectBuilder().add("account", batch.destination().name().value())
                .add("contractorChain", chain));
        json.add("requiredApprovals", batch.channel().policy().requiredApprovals());
        nullable(json, "purpose", batch.submission().purpose());
        nullable(json, "useUntil", batch.submission().useUntil() == null ? null : batch.submission().useUntil().toString());
        nullable(json, "requester", batch.submission().requester() == null ? null : batch.submission().requester().login());
        nullable(json, "manifestDigest", batch.submission().manifestDigest());
        nullable(json, "endReason", batch.ending().reason() == null ? null : batch.ending().reason().name());
        nullable(json, "endedAt", batch.ending().endedAt() == null ? null : batch.ending().endedAt().toString());
        nullable(json, "purgedAt", batch.ending().purgedAt() == null ? null : batch.ending().purgedAt().toString());
        JsonArrayBuilder files = Json.createArrayBuilder();
        for (BatchFile file : batch.files()) {
            if (file.sealed()) {
                JsonArrayBuilder columns = Json.createArrayBuilder();
                file.csvColumns().forEach(columns::add);
                files.add(Json.createObjectBuilder().add("name", file.name().value()).add("size", file.plaintextSize())
                        .add("sha256", file.plaintextSha256()).add("records", file.records()).add("columns", columns)
                        .add("completedDownloads", file.completedDownloads()));
            }
        }
        json.add("files", files);
        JsonArrayBuilder refused = Json.createArrayBuilder();
        for (AuditEvent event : discarded) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("at", event.occurredAt().toString());
            nullable(entry, "path", event.record().subject());
            nullable(entry, "reason", event.record().detail());
            refused.add(entry);
        }
        json.add("refusedFiles", refused);
        JsonArrayBuilder approvals = Json.createArrayBuilder();
        for (Approval approval : batch.approvals()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("approver", approval.official().login())
                    .add("organization", approval.official().organization().code())
                    .add("decision", approval.decision().name()).add("manifestDigest", approval.manifestDigest())
                    .add("decidedAt", approval.decidedAt().toString());
            nullable(entry, "reason", approval.reason());
            approvals.add(entry);
        }
        json.add("approvals", approvals);
        X509Certificate recipient = SelfSignedCredentials.parseCertificatePem(batch.recipientCertificatePem());
        json.add("recipientCertificate", Json.createObjectBuilder()
                .add("subject", recipient.getSubjectX500Principal().getName())
                .add("serial", recipient.getSerialNumber().toString(16))
                .add("sha256", SelfSignedCredentials.fingerprintHex(recipient))
                .add("notAfter", recipient.getNotAfter().toInstant().toString()));
        if (batch.receipt().recordedAt() != null) {
            json.add("receipt", Json.createObjectBuilder()
                    .add("recordedAt", batch.receipt().recordedAt().toString())
                    .add("sha256", Sha256.hex(batch.receipt().signed()))
                    .add("signedBy", recipient.getSubjectX500Principal().getName())
                    .add("verified", true));
        } else {
            json.addNull("receipt");
        }
        if (certificate != null) {
            JsonArrayBuilder confirmations = Json.createArrayBuilder();
            certificate.confirmations().forEach(confirmation -> confirmations.add(Json.createObjectBuilder()
                    .add("official", confirmation.official().login())
                    .add("organization", confirmation.official().organization().code())
                    .add("confirmedAt", confirmation.confirmedAt().toString())));
            json.add("deletionCertificate", Json.createObjectBuilder().add("issuedAt", certificate.issuedAt().toString())
                    .add("sha256", certificate.digest()).add("confirmations", confirmations)
                    .add("confirmed", certificate.confirmed())
                    .add("signedByGateway", certificate.signature().isPresent()));
        }
        return json.build();
    }

    static void nullable(JsonObjectBuilder json, String field, String value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value);
        }
    }
}
