package jp.sekisho.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.keys.CertificateSummary;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.transfer.boundary.BatchSummary;
import jp.sekisho.transfer.boundary.BatchView;

/** How a batch looks to officials through the API: what leaves, to whom, why, for how long, who co-signed. */
final class BatchJson {

    private BatchJson() {
    }

    static JsonObject summary(BatchSummary batch) {
        return summary(batch.id(), batch.channel(), batch.name(), batch.state().name(), batch.createdAt(),
                batch.expiresAt()).build();
    }

    static JsonObject detail(BatchView batch, Optional<DeletionCertificateView> certificate) {
        JsonObjectBuilder json = summary(batch.id(), batch.channel(), batch.name(), batch.state().name(),
                batch.createdAt(), batch.expiresAt());
        json.add("source", batch.source().name());
        JsonArrayBuilder chain = Json.createArrayBuilder();
        for (OrganizationView link : batch.contractorChain()) {
            chain.add(Json.createObjectBuilder().add("code", link.code()).add("name", link.name()));
        }
        json.add("destination", Json.createObjectBuilder().add("account", batch.destination().name())
                .add("contractorChain", chain));
        json.add("requiredApprovals", batch.requiredApprovals());
        nullable(json, "purpose", batch.purpose());
        nullable(json, "useUntil", batch.useUntil());
        nullable(json, "requester", batch.requester() == null ? null : batch.requester().login());
        nullable(json, "manifestDigest", batch.manifestDigest());
        nullable(json, "endReason", batch.endReason());
        nullable(json, "endedAt", batch.endedAt());
        nullable(json, "purgedAt", batch.purgedAt());
        JsonArrayBuilder files = Json.createArrayBuilder();
        for (BatchView.FileView file : batch.files()) {
            files.add(Json.createObjectBuilder().add("name", file.name()).add("size", file.size())
                    .add("sha256", file.sha256()).add("records", file.records())
                    .add("columns", Json.createArrayBuilder(file.columns()))
                    .add("completedDownloads", file.completedDownloads()));
        }
        json.add("files", files);
        JsonArrayBuilder refused = Json.createArrayBuilder();
        for (BatchView.RefusedFile file : batch.refusedFiles()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("at", file.at().toString());
            nullable(entry, "path", file.path());
            nullable(entry, "reason", file.reason());
            refused.add(entry);
        }
        json.add("refusedFiles", refused);
        JsonArrayBuilder approvals = Json.createArrayBuilder();
        for (BatchView.Decision decision : batch.approvals()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("approver", decision.approver().login())
                    .add("organization", decision.approver().organizationCode())
                    .add("decision", decision.decision()).add("manifestDigest", decision.manifestDigest())
                    .add("decidedAt", decision.decidedAt().toString());
            nullable(entry, "reason", decision.reason());
            approvals.add(entry);
        }
        json.add("approvals", approvals);
        json.add("recipientCertificate", certificate(batch.recipientCertificate()));
        if (batch.receipt() != null) {
            json.add("receipt", Json.createObjectBuilder().add("recordedAt", batch.receipt().recordedAt().toString())
                    .add("sha256", batch.receipt().sha256()).add("signedBy", batch.receipt().signedBy())
                    .add("verified", true));
        } else {
            json.addNull("receipt");
        }
        certificate.ifPresent(deletion -> {
            JsonArrayBuilder confirmations = Json.createArrayBuilder();
            deletion.confirmations().forEach(confirmation -> confirmations.add(Json.createObjectBuilder()
                    .add("official", confirmation.official().login())
                    .add("organization", confirmation.official().organizationCode())
                    .add("confirmedAt", confirmation.confirmedAt().toString())));
            json.add("deletionCertificate", Json.createObjectBuilder().add("issuedAt", deletion.issuedAt().toString())
                    .add("sha256", deletion.digest()).add("confirmations", confirmations)
                    .add("confirmed", deletion.confirmed()).add("signedByGateway", deletion.signature() != null));
        });
        return json.build();
    }

    /** A certificate as officials compare it: subject, serial, SHA-256 fingerprint, end of validity. */
    static JsonObject certificate(CertificateSummary certificate) {
        return Json.createObjectBuilder().add("subject", certificate.subject()).add("serial", certificate.serial())
                .add("sha256", certificate.sha256()).add("notAfter", certificate.notAfter().toString()).build();
    }

    private static JsonObjectBuilder summary(String id, String channel, String name, String state, Instant createdAt,
            Instant expiresAt) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("channel", channel).add("name", name)
                .add("state", state).add("createdAt", createdAt.toString());
        if (expiresAt != null) {
            json.add("expiresAt", expiresAt.toString());
        }
        return json;
    }

    static void nullable(JsonObjectBuilder json, String field, Object value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value.toString());
        }
    }
}
