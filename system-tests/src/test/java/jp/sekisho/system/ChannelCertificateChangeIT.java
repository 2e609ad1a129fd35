package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A channel's recipient certificate decides who can read every future batch, so a new one waits for two approvers
 * of the data owner, and applies to new batches only: a batch keeps the certificate it was opened with.
 */
class ChannelCertificateChangeIT extends GatewayIT {

    @Test
    void aNewCertificateAppliesAfterTwoApprovalsAndOnlyToNewBatches() throws Exception {
        Gateway gateway = gateway();
        String channel = "cert-change-" + UUID.randomUUID().toString().substring(0, 8);
        Gateway.Reply created = gateway.call("POST", "channels", gateway.token("admin"),
                Gateway.demoLikeChannel(channel).build());
        assertEquals(201, created.status(), created.toString());
        TestFiles.csv(work, "before.csv", 5);
        TestFiles.csv(work, "after.csv", 7);
        assertTrue(Sftp.as("benefits", work).run("mkdir /" + channel + "/opened-before",
                "put before.csv /" + channel + "/opened-before/before.csv").succeeded());

        Path newKey = work.resolve("callcenter-2027-key.pem");
        Path newCertificate = work.resolve("callcenter-2027-cert.pem");
        Processes.Result made = Processes.run((String) null, "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Call center 2027", "-days", "30",
                "-addext", "keyUsage=critical,keyAgreement,digitalSignature", "-keyout", newKey.toString(), "-out",
                newCertificate.toString());
        assertTrue(made.succeeded(), made.output());
        // Administrators may paste DER in base64 as well as PEM; the gateway stores PEM.
        Path der = work.resolve("callcenter-2027-cert.der");
        assertTrue(Processes.run((String) null, "openssl", "x509", "-in", newCertificate.toString(), "-outform", "DER",
                "-out", der.toString()).succeeded());
        JsonObject proposal = Json.createObjectBuilder().add("recipientCertificatePem",
                java.util.Base64.getMimeEncoder().encodeToString(Files.readAllBytes(der))).build();

        assertEquals(403, gateway.call("POST", "channels/" + channel + "/recipient-certificate",
                gateway.token("approver1"), proposal).status(), "only an administrator proposes");
        Gateway.Reply proposed = gateway.call("POST", "channels/" + channel + "/recipient-certificate",
                gateway.token("admin"), proposal);
        assertEquals(202, proposed.status(), proposed.toString());
        assertEquals("PENDING", proposed.field("state"));
        assertEquals("CN=Call center 2027", proposed.json().getJsonObject("certificate").getString("subject"));
        assertEquals(409, gateway.call("POST", "channels/" + channel + "/recipient-certificate",
                gateway.token("admin"), proposal).status(), "one pending change per channel");
        long change = proposed.json().getJsonNumber("id").longValue();

        assertEquals(403, decide(gateway, "requester", change, false).status(), "a requester cannot approve");
        assertEquals(403, decide(gateway, "admin", change, false).status(), "an administrator cannot approve");
        Gateway.Reply first = decide(gateway, "approver1", change, true);
        assertEquals(200, first.status(), first.toString());
        assertEquals("PENDING", first.field("state"), "one approval is not enough");
        assertEquals(409, decide(gateway, "approver1", change, false).status(), "the same approver counts once");
        assertTrue(Sftp.as("benefits", work).run("mkdir /" + channel + "/during-approval",
                "put after.csv /" + channel + "/during-approval/after.csv").succeeded());

        Gateway.Reply second = decide(gateway, "approver2", change, true);
        assertEquals(200, second.status(), second.toString());
        assertEquals("APPLIED", second.field("state"));

        assertTrue(Sftp.as("benefits", work).run("put after.csv /" + channel + "/opened-before/after.csv",
                "mkdir /" + channel + "/opened-after", "put after.csv /" + channel + "/opened-after/after.csv")
                .succeeded());
        String openedBefore = gateway.batchId("opened-before");
        String duringApproval = gateway.batchId("during-approval");
        String openedAfter = gateway.batchId("opened-after");
        assertEquals("CN=Call center 2027", gateway.batch(openedAfter).getJsonObject("recipientCertificate")
                .getString("subject"));
        for (Path sealed : storedFiles(openedBefore, duringApproval)) {
            assertTrue(TestFiles.opensslDecrypt(sealed, work.resolve("old.out")).succeeded(),
                    "a batch opened before the change keeps the old certificate: " + sealed);
        }
        for (Path sealed : storedFiles(openedAfter)) {
            assertFalse(TestFiles.opensslDecrypt(sealed, work.resolve("old.out")).succeeded());
            Processes.Result opened = Processes.run((String) null, "openssl", "cms", "-decrypt", "-binary",
                    "-inform", "DER", "-in", sealed.toString(), "-inkey", newKey.toString(), "-recip",
                    newCertificate.toString(), "-out", work.resolve("new.csv").toString());
            assertTrue(opened.succeeded(), opened.output());
            assertEquals(-1L, Files.mismatch(work.resolve("after.csv"), work.resolve("new.csv")));
        }
        List<String> actions = gateway.auditEvents().stream().filter(event -> channel.equals(
                event.getString("subject", ""))).map(event -> event.getString("action")).toList();
        assertTrue(actions.containsAll(List.of("CHANNEL_CREATED", "CHANNEL_CHANGE_PROPOSED", "CHANNEL_CHANGE_APPROVED",
                "CHANNEL_CHANGED")), actions.toString());
    }

    /**
     * Refusals come before the code is checked, so attempts expected to be refused pass a dummy code and burn no
     * time step. The login (which uses a code too) comes first.
     */
    private static Gateway.Reply decide(Gateway gateway, String login, long change, boolean freshCode) {
        String token = gateway.token(login);
        return gateway.call("POST", "channel-changes/" + change + "/decisions", token, Json.createObjectBuilder()
                .add("decision", "APPROVE").add("totp", freshCode ? Gateway.freshTotp(login) : "000000").build());
    }

    private static List<Path> storedFiles(String... batchIds) throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (String batchId : batchIds) {
            try (Stream<Path> stored = Files.list(Gateway.storageOf(batchId))) {
                files.addAll(stored.toList());
            }
        }
        assertFalse(files.isEmpty());
        return files;
    }

    @Test
    void aNewDestinationWaitsForTwoApproversAndForTheChannelsBatchesToEnd() {
        Gateway gateway = gateway();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String channel = "destination-" + suffix;
        String newInbox = "callcenter-" + suffix;
        assertEquals(201, gateway.call("POST", "channels", gateway.token("admin"),
                Gateway.demoLikeChannel(channel).build()).status());
        Gateway.Reply account = gateway.call("POST", "accounts", gateway.token("admin"), Json.createObjectBuilder()
                .add("name", newInbox).add("organization", "callcenter-operator").build());
        assertEquals(201, account.status(), account.toString());
        assertEquals(409, gateway.call("POST", "accounts", gateway.token("admin"), Json.createObjectBuilder()
                .add("name", newInbox).add("organization", "callcenter-operator").build()).status());

        TestFiles.csv(work, "residents.csv", 3);
        assertTrue(Sftp.as("benefits", work).run("mkdir /" + channel + "/open-" + suffix,
                "put residents.csv /" + channel + "/open-" + suffix + "/residents.csv").succeeded());
        String openBatch = gateway.batchId("open-" + suffix);

        assertEquals(403, gateway.call("POST", "channels/" + channel + "/destination", gateway.token("approver1"),
                Json.createObjectBuilder().add("destination", newInbox).build()).status(), "only an admin proposes");
        Gateway.Reply proposed = gateway.call("POST", "channels/" + channel + "/destination", gateway.token("admin"),
                Json.createObjectBuilder().add("destination", newInbox).build());
        assertEquals(202, proposed.status(), proposed.toString());
        long change = proposed.json().getJsonNumber("id").longValue();
        assertEquals(200, decide(gateway, "approver3", change).status());
        Gateway.Reply early = decide(gateway, "approver4", change);
        assertEquals(409, early.status(), "an open batch keeps the destination where it is: " + early);
        assertTrue(early.body().contains("channel-busy"), early.body());

        assertEquals(200, gateway.call("POST", "batches/" + openBatch + "/withdraw", gateway.token("requester"),
                null).status());
        Gateway.Reply applied = decide(gateway, "approver4", change);
        assertEquals(200, applied.status(), applied.toString());
        assertEquals("APPLIED", applied.json().getString("state"));
        assertTrue(gateway.call("GET", "channels", gateway.token("auditor"), null).body()
                .contains("\"name\":\"" + channel + "\",\"source\":\"benefits\",\"destination\":\"" + newInbox
                        + "\""), "the channel now delivers to the new account");
        assertEquals("callcenter", gateway.batch(openBatch).getJsonObject("destination").getString("account"),
                "the withdrawn batch's record keeps the destination it had");
    }

    private static Gateway.Reply decide(Gateway gateway, String approver, long change) {
        return Gateway.codeFreeAgainIfRefused(approver, gateway.call("POST", "channel-changes/" + change
                + "/decisions", gateway.token(approver), Json.createObjectBuilder().add("decision", "APPROVE")
                        .add("totp", Gateway.freshTotp(approver)).build()));
    }
}
