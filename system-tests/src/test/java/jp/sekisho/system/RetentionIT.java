package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Minimum time: every window is enforced by the sweep, every ended batch is purged with a certificate, and a purge
 * that a crash interrupted is finished.
 */
class RetentionIT extends GatewayIT {

    private static final long SHORT = 8;
    private static final long LONG = 600;

    @Test
    void aBatchNotSubmittedInTimeExpiresAndIsPurged() {
        Gateway gateway = gateway();
        String channel = channelWithWindows(gateway, SHORT, LONG, LONG);
        String id = upload(gateway, channel);
        assertEnds(gateway, id, "EXPIRED", "NOT_SUBMITTED_IN_TIME");
        assertFalse(Sftp.as("benefits", work).run("ls /" + channel).printed().contains("batch-"),
                "an expired batch disappears from the source's view");
    }

    @Test
    void aBatchNotApprovedInTimeExpiresAndIsPurged() {
        Gateway gateway = gateway();
        String channel = channelWithWindows(gateway, LONG, SHORT, LONG);
        String id = upload(gateway, channel);
        assertEquals(200, gateway.submit(id, "期限切れの確認").status());
        assertEnds(gateway, id, "EXPIRED", "NOT_APPROVED_IN_TIME");
    }

    @Test
    void aBatchNotDownloadedInTimeExpiresAndDisappearsFromTheDestination() {
        Gateway gateway = gateway();
        String channel = channelWithWindows(gateway, LONG, LONG, SHORT + 4);
        String id = upload(gateway, channel);
        gateway.submitAndApprove(id, "approver3", "approver4");
        assertEnds(gateway, id, "EXPIRED", "NOT_DOWNLOADED_IN_TIME");
        Processes.Result listing = Sftp.as("callcenter", work).run("ls /" + channel);
        assertTrue(listing.succeeded(), listing.output());
        assertFalse(listing.printed().contains("batch-"), listing.output());
    }

    @Test
    void aWithdrawnBatchIsPurgedAtOnce() {
        Gateway gateway = gateway();
        String id = upload(gateway, Gateway.DEMO_CHANNEL);
        Gateway.Reply withdrawn = gateway.call("POST", "batches/" + id + "/withdraw", gateway.token("requester"),
                null);
        assertEquals(200, withdrawn.status(), withdrawn.body());
        assertEquals("WITHDRAWN", withdrawn.field("state"));
        assertFalse(withdrawn.json().isNull("purgedAt"));
        assertFalse(Files.exists(Gateway.storageOf(id)));
    }

    /** The fault: the gateway stopped after a batch ended but before its ciphertext was deleted. */
    @Test
    void aPurgeThatACrashInterruptedIsFinished() throws Exception {
        Gateway gateway = gateway();
        String id = upload(gateway, Gateway.DEMO_CHANNEL);
        try (Connection database = Gateway.database();
                PreparedStatement endWithoutPurge = database.prepareStatement("UPDATE batch SET state = 'WITHDRAWN', "
                        + "end_reason = 'WITHDRAWN', ended_at = CURRENT_TIMESTAMP WHERE public_id = ?")) {
            endWithoutPurge.setString(1, id);
            assertEquals(1, endWithoutPurge.executeUpdate());
        }
        assertTrue(Files.exists(Gateway.storageOf(id)), "the ciphertext is still there after the simulated crash");
        assertEnds(gateway, id, "WITHDRAWN", "WITHDRAWN");
    }

    private void assertEnds(Gateway gateway, String id, String state, String reason) {
        Gateway.eventually(Duration.ofSeconds(30), "batch " + id + " ends as " + state + " and is purged", () -> {
            JsonObject batch = gateway.batch(id);
            return state.equals(batch.getString("state")) && !batch.isNull("purgedAt");
        });
        assertEquals(reason, gateway.batch(id).getString("endReason"));
        assertFalse(Files.exists(Gateway.storageOf(id)), "no ciphertext remains");
        Gateway.Reply certificate = gateway.call("GET", "batches/" + id + "/deletion-certificate",
                gateway.token("auditor"), null);
        assertEquals(200, certificate.status(), certificate.body());
        assertEquals(state, certificate.field("finalState"));
    }

    private String channelWithWindows(Gateway gateway, long submit, long approval, long download) {
        String name = "short-" + UUID.randomUUID().toString().substring(0, 8);
        String certificate;
        try {
            certificate = Files.readString(Gateway.demoFile("callcenter-recipient-cert.pem"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Gateway.Reply created = gateway.call("POST", "channels", gateway.token("admin"), Json.createObjectBuilder()
                .add("name", name).add("source", "benefits").add("destination", "callcenter")
                .add("recipientCertificatePem", certificate).add("requiredApprovals", 2)
                .add("approverOrganizations", Json.createArrayBuilder().add("city-welfare").add("city-infopolicy"))
                .add("submitWindowSeconds", submit).add("approvalWindowSeconds", approval)
                .add("downloadWindowSeconds", download).add("maxDownloads", 1).build());
        assertEquals(201, created.status(), created.body());
        return name;
    }

    private String upload(Gateway gateway, String channel) {
        TestFiles.csv(work, "data.csv", 5);
        String name = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir /" + channel + "/" + name,
                "put data.csv /" + channel + "/" + name + "/data.csv");
        assertTrue(pushed.succeeded(), pushed.output());
        return gateway.batchId(name);
    }
}
