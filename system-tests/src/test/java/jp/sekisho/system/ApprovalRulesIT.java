package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** The four-eyes rules and the API's answers to bad input, as officials and scripts meet them over HTTP. */
class ApprovalRulesIT extends GatewayIT {

    @Test
    void theRequesterAndAnAdminCannotApproveAndOneApproverCannotCountTwice() {
        Gateway gateway = gateway();
        String id = uploadedBatch(gateway);
        String digest = gateway.submit(id, "定期更新").field("manifestDigest");

        Gateway.Reply byRequester = gateway.decide("requester", id, "APPROVE", digest, null);
        assertEquals(403, byRequester.status(), byRequester.body());
        Gateway.Reply byAdmin = gateway.decide("admin", id, "APPROVE", digest, null);
        assertEquals(404, byAdmin.status(), "an administrator sees no batch, so there is none to approve: "
                + byAdmin.body());

        assertEquals(200, gateway.decide("approver1", id, "APPROVE", digest, null).status());
        Gateway.Reply twice = gateway.decide("approver1", id, "APPROVE", digest, null);
        assertEquals(409, twice.status(), twice.body());
        assertEquals("already-decided", twice.field("error"));
        assertEquals("AWAITING_APPROVAL", gateway.batch(id).getString("state"),
                "one approver counted twice must not make a batch available");
        assertTrue(gateway.call("GET", "audit?batch=" + id, gateway.token("auditor"), null).json()
                .getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .filter(event -> "API_OPERATION_REFUSED".equals(event.getString("action"))).count() >= 3,
                "every refused decision is audited");
    }

    @Test
    void anApprovalIsBoundToTheManifestDigest() {
        Gateway gateway = gateway();
        String id = uploadedBatch(gateway);
        gateway.submit(id, "定期更新");
        Gateway.Reply wrongDigest = gateway.decide("approver2", id, "APPROVE", "0".repeat(64), null);
        assertEquals(409, wrongDigest.status());
        assertEquals("manifest-digest-mismatch", wrongDigest.field("error"));
    }

    @Test
    void aRejectionByAnyApproverEndsTheBatchAndPurgesIt() {
        Gateway gateway = gateway();
        String id = uploadedBatch(gateway);
        String digest = gateway.submit(id, "定期更新").field("manifestDigest");
        Gateway.Reply noReason = gateway.decide("approver3", id, "REJECT", digest, null);
        assertEquals(400, noReason.status(), "a rejection needs a reason");
        Gateway.Reply rejected = gateway.decide("approver3", id, "REJECT", digest, "対象者の範囲が広すぎる");
        assertEquals(200, rejected.status(), rejected.body());
        Gateway.eventually(Duration.ofSeconds(15), "the rejected batch is purged",
                () -> !gateway.batch(id).isNull("purgedAt"));
        JsonObject ended = gateway.batch(id);
        assertEquals("REJECTED", ended.getString("state"));
        assertFalse(Files.exists(Gateway.storageOf(id)));
        assertEquals(200, gateway.call("GET", "batches/" + id + "/deletion-certificate", gateway.token("auditor"),
                null).status());
    }

    @Test
    void aStepUpCodeCountsOnlyOnce() {
        Gateway gateway = gateway();
        String id = uploadedBatch(gateway);
        String digest = gateway.submit(id, "定期更新").field("manifestDigest");
        String approver = "approver4";
        String token = gateway.token(approver);
        String code = Gateway.freshTotp(approver);
        JsonObject body = Json.createObjectBuilder().add("decision", "APPROVE").add("manifestDigest", digest)
                .add("totp", code).build();
        assertEquals(200, gateway.call("POST", "batches/" + id + "/approvals", token, body).status());
        String secondId = uploadedBatch(gateway);
        String secondDigest = gateway.submit(secondId, "定期更新").field("manifestDigest");
        Gateway.Reply replayed = gateway.call("POST", "batches/" + secondId + "/approvals", token,
                Json.createObjectBuilder().add("decision", "APPROVE").add("manifestDigest", secondDigest)
                        .add("totp", code).build());
        assertEquals(401, replayed.status(), replayed.body());
        assertEquals("step-up-failed", replayed.field("error"));
    }

    @Test
    void badInputGetsAClearJsonErrorAndNeverAStackTrace() {
        Gateway gateway = gateway();
        String token = gateway.token("requester");
        Gateway.Reply[] replies = {
            gateway.raw("POST", "sessions", null, "{not json"),
            gateway.raw("POST", "sessions", null, "{\"login\":\"requester\"}"),
            gateway.raw("POST", "sessions", null, "{\"login\":\"requester\",\"password\":\"wrong\",\"totp\":\"000000\"}"),
            gateway.raw("GET", "batches", null, null),
            gateway.raw("GET", "batches/not-a-batch", token, null),
            gateway.raw("GET", "batches/" + UUID.randomUUID(), token, null),
            gateway.raw("POST", "batches/" + UUID.randomUUID() + "/submit", token, "[1,2]"),
        };
        int[] expected = {400, 400, 401, 401, 404, 404, 400};
        for (int i = 0; i < replies.length; i++) {
            assertEquals(expected[i], replies[i].status(), replies[i].body());
            assertFalse(replies[i].json().getString("error").isBlank());
            assertFalse(replies[i].json().getString("message").isBlank());
            assertFalse(replies[i].body().contains("Exception") || replies[i].body().contains("at jp."),
                    "no internals in " + replies[i].body());
        }
    }

    @Test
    void aSubmissionNeedsAValidEndOfUseWithinAYearAndEachRefusalIsAudited() {
        Gateway gateway = gateway();
        String id = uploadedBatch(gateway);
        String token = gateway.token("requester");
        String[][] cases = {
            {"31/12/2026", "invalid-field"},
            {Gateway.officialsToday().minusDays(2).toString(), "use-until-out-of-range"},
            {Gateway.officialsToday().plusDays(400).toString(), "use-until-out-of-range"},
        };
        for (String[] refused : cases) {
            Gateway.Reply reply = gateway.call("POST", "batches/" + id + "/submit", token, jakarta.json.Json
                    .createObjectBuilder().add("purpose", "定期更新").add("useUntil", refused[0]).build());
            assertEquals(400, reply.status(), reply.body());
            assertEquals(refused[1], reply.json().getString("error"), reply.body());
        }
        assertEquals("UPLOADING", gateway.batch(id).getString("state"), "nothing was submitted");
        String refusals = gateway.call("GET", "audit/search?batch=" + id + "&action=API_OPERATION_REFUSED",
                gateway.token("auditor"), null).body();
        assertTrue(refusals.contains("The field 'useUntil' must be a date") && refusals.contains(
                "use-until-out-of-range"), refusals);
        assertEquals(200, gateway.submit(id, "定期更新").status());
    }

    private String uploadedBatch(Gateway gateway) {
        TestFiles.csv(work, "data.csv", 10);
        String name = "rules-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + name;
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir " + folder, "put data.csv " + folder
                + "/data.csv");
        assertTrue(pushed.succeeded(), pushed.output());
        return gateway.batchId(name);
    }
}
