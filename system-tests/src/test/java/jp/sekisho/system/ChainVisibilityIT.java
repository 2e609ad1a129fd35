package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Least privilege over every read path (docs/access.md), as officials meet it from outside. The IT vendor contracted
 * the call center (the destination) but the channel does not name it: an official of each of its roles lists,
 * reads and searches as much as the API and the console let them, and finds nothing of a delivered batch or of one
 * awaiting approval (no purpose, file name or client address of an SFTP session), each answer exactly the one a
 * batch that never existed gets, each refusal audited. The administrator sees no batch either, although the
 * channel names their organization. Officials of the data owner and of the organizations the policy names see both
 * batches; the destination's officials see the delivered one only, as it was released to them.
 */
class ChainVisibilityIT extends GatewayIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String NEVER_EXISTED = UUID.randomUUID().toString();
    private static final List<String> BATCH_READS = List.of("", "/manifest", "/custody", "/deletion-certificate",
            "/deletion-certificate/signature", "/receipt");
    private static World world;

    /** An official a test created and enrolled: their own password and authenticator. */
    record Enrolled(String login, String password, String totpSecret) {
    }

    /**
     * What the tests look for: a batch delivered with its receipt and deletion certificate, one awaiting approval,
     * and what of them must never reach anyone outside their chain.
     */
    record World(String delivered, String awaiting, String deliveredPurpose, String awaitingPurpose,
            List<String> secrets) {
    }

    @Test
    void officialsOfTheItVendorFindNothingOfTheChannelsBatchesInTheApiOrTheConsole() {
        World batches = world(base, work);
        for (String role : List.of("REQUESTER", "APPROVER", "AUDITOR")) {
            String login = "vendor-" + role.toLowerCase(java.util.Locale.ROOT) + "-" + SUFFIX;
            Enrolled official;
            try (Browser browser = Browser.open(base, "en")) {
                official = enrol(browser, login, "it-vendor", role);
                seesNothingInTheConsole(browser, batches, role.equals("AUDITOR"));
            }
            String token = apiLogin(official);
            seesNothingInTheApi(token, batches, role);
            if (role.equals("APPROVER")) {
                for (String id : List.of(batches.delivered(), batches.awaiting())) {
                    assertEquals(refusedAs(decision(token, NEVER_EXISTED)), refusedAs(decision(token, id)),
                            "a decision on a batch the vendor does not see is refused as on none");
                }
            }
            // The batch and custody pages once each, every read of the API, and the approver's decision.
            int attempts = 2 + BATCH_READS.size() + (role.equals("APPROVER") ? 1 : 0);
            List<JsonObject> refusals = gateway().call("GET", "audit/search?action=API_OPERATION_REFUSED&actor="
                    + login + "&batch=" + batches.delivered(), gateway().token("auditor"), null).json()
                    .getJsonArray("events").getValuesAs(JsonObject.class);
            assertEquals(attempts, refusals.size(), "each attempt is in the batch's trail once: " + refusals);
        }
    }

    @Test
    void theAdministratorSeesNoBatchThoughTheChannelNamesTheirOrganization() {
        World batches = world(base, work);
        seesNothingInTheApi(gateway().token("admin"), batches, "ADMIN");
        try (Browser admin = Browser.open(base, "en")) {
            admin.logIn("admin");
            seesNothingInTheConsole(admin, batches, false);
        }
    }

    @Test
    void theDataOwnerThePolicysOrganizationsAndTheReleasedDestinationSeeTheirBatches() {
        World batches = world(base, work);
        for (String login : List.of("requester", "approver1", "approver2", "auditor")) {
            String token = gateway().token(login);
            String listed = gateway().call("GET", "batches", token, null).body();
            assertTrue(listed.contains(batches.delivered()) && listed.contains(batches.awaiting()), login);
            for (String id : List.of(batches.delivered(), batches.awaiting())) {
                assertEquals(200, gateway().call("GET", "batches/" + id, token, null).status(), login);
                assertEquals(200, gateway().call("GET", "batches/" + id + "/manifest", token, null).status(), login);
            }
            for (String read : List.of("/deletion-certificate", "/deletion-certificate/signature", "/receipt")) {
                assertEquals(200, gateway().call("GET", "batches/" + batches.delivered() + read, token, null)
                        .status(), login + read);
            }
        }
        assertTrue(gateway().call("GET", "batches/" + batches.awaiting(), gateway().token("approver2"), null).body()
                .contains("\"purpose\":\"" + batches.awaitingPurpose()), "an approver reads why before co-signing");
        for (String login : List.of("approver1", "approver2", "auditor")) {
            assertEquals(200, gateway().call("GET", "batches/" + batches.delivered() + "/custody",
                    gateway().token(login), null).status(), login + " reads the custody report");
        }
        assertTrue(gateway().call("GET", "audit/search?batch=" + batches.delivered(), gateway().token("auditor"),
                null).body().contains("FILE_DOWNLOADED"), "the auditor reads the batch's events");

        Enrolled destination;
        try (Browser browser = Browser.open(base, "en")) {
            destination = enrol(browser, "callcenter-requester-" + SUFFIX, "callcenter-operator", "REQUESTER");
            browser.go("/console/batch.xhtml?id=" + batches.delivered());
            assertTrue(browser.text("#purpose").contains(batches.deliveredPurpose()), "released to the call center");
            browser.go("/console/batch.xhtml?id=" + batches.awaiting());
            assertFalse(browser.has("purpose"), "not yet released: " + browser.text("main"));
        }
        String token = apiLogin(destination);
        assertEquals(200, gateway().call("GET", "batches/" + batches.delivered() + "/receipt", token, null).status());
        assertEquals(refusedAs(gateway().call("GET", "batches/" + NEVER_EXISTED, token, null)),
                refusedAs(gateway().call("GET", "batches/" + batches.awaiting(), token, null)),
                "a batch awaiting approval does not exist yet for its destination");

        try (Browser approver = Browser.open(base, "en"); Browser auditor = Browser.open(base, "en")) {
            approver.logIn("approver2");
            assertTrue(approver.text("#to-approve").contains(name(batches, batches.awaiting())),
                    "a batch waiting for the approver's organization is on their dashboard");
            auditor.logIn("auditor");
            auditor.go("/console/custody.xhtml?id=" + batches.delivered());
            assertTrue(auditor.text("#sessions").contains("callcenter"), auditor.text("main"));
            auditor.go("/console/audit.xhtml?batch=" + batches.delivered());
            assertTrue(auditor.has("events"), auditor.text("main"));
        }
    }

    private void seesNothingInTheApi(String token, World batches, String role) {
        String listed = gateway().call("GET", "batches", token, null).body();
        assertNoSecret(batches, "the list", listed);
        assertFalse(listed.contains(batches.delivered()) || listed.contains(batches.awaiting()), listed);
        for (String read : BATCH_READS) {
            Gateway.Reply none = gateway().call("GET", "batches/" + NEVER_EXISTED + read, token, null);
            assertTrue(none.status() == 404 || none.status() == 403 && read.equals("/custody"), role + read);
            for (String id : List.of(batches.delivered(), batches.awaiting())) {
                Gateway.Reply reply = gateway().call("GET", "batches/" + id + read, token, null);
                assertEquals(refusedAs(none), refusedAs(reply), role + " " + read + ": as for a batch that never was");
                assertNoSecret(batches, role + read, reply.body());
            }
        }
        for (String query : List.of("audit/search?batch=" + batches.delivered(), "audit?batch=" + batches.delivered(),
                "audit/search?limit=1000", "audit?limit=1000", "audit/search?actor=benefits",
                "audit/search?actor=callcenter")) {
            Gateway.Reply reply = gateway().call("GET", query, token, null);
            assertEquals(role.equals("AUDITOR") ? 200 : 403, reply.status(), role + " " + query + ": " + reply);
            assertNoSecret(batches, role + " " + query, reply.body());
            assertFalse(reply.body().contains(batches.delivered()) || reply.body().contains(batches.awaiting()),
                    role + " " + query + " names no event of the batches: " + reply.body());
        }
        Gateway.Reply export = gateway().raw("GET", "audit/export", token, null);
        assertEquals(403, export.status(), "the whole chain leaves only for the operator's auditors: " + export);
        assertNoSecret(batches, role + " export", export.body());
    }

    private void seesNothingInTheConsole(Browser browser, World batches, boolean auditor) {
        browser.go("/console/index.xhtml");
        assertNoSecret(batches, "the dashboard", browser.pageSource());
        for (String id : List.of(batches.delivered(), batches.awaiting())) {
            browser.go("/console/batch.xhtml?id=" + id);
            assertFalse(browser.has("purpose") || browser.has("files"), browser.text("main"));
            assertNoSecret(batches, "the batch page", browser.pageSource());
            browser.go("/console/custody.xhtml?id=" + id);
            assertFalse(browser.has("sessions") || browser.has("custody-events"), browser.text("main"));
            assertNoSecret(batches, "the custody page", browser.pageSource());
            browser.go("/console/audit.xhtml?batch=" + id);
            assertFalse(browser.has("events"), browser.text("main"));
            assertTrue(!auditor || browser.has("no-events"), "an auditor is told there is nothing to show");
            assertNoSecret(batches, "the audit page", browser.pageSource());
        }
        browser.go("/console/audit.xhtml");
        assertNoSecret(batches, "the whole audit page", browser.pageSource());
        assertFalse(browser.pageSource().contains(batches.delivered()), "no event of the batches");
    }

    private static void assertNoSecret(World batches, String where, String text) {
        for (String secret : batches.secrets()) {
            assertFalse(text.contains(secret), where + " shows " + secret + ": " + text);
        }
    }

    /** What a refusal says, without the ids a caller put into the request. */
    private static String refusedAs(Gateway.Reply reply) {
        return reply.status() + " " + reply.body();
    }

    private Gateway.Reply decision(String token, String id) {
        return gateway().call("POST", "batches/" + id + "/approvals", token, Json.createObjectBuilder()
                .add("decision", "REJECT").add("manifestDigest", "0".repeat(64)).add("totp", "000000")
                .add("reason", "not ours").build());
    }

    private String apiLogin(Enrolled official) {
        Gateway.Reply login = gateway().call("POST", "sessions", null, Json.createObjectBuilder()
                .add("login", official.login()).add("password", official.password())
                .add("totp", Gateway.freshTotp(official.login(), official.totpSecret())).build());
        assertEquals(201, login.status(), login.toString());
        return login.field("token");
    }

    /**
     * An administrator creates the official through the API; their first login in the console enrols the
     * authenticator and sets their own password, and leaves the browser signed in.
     */
    private Enrolled enrol(Browser browser, String login, String organization, String role) {
        Gateway.Reply created = gateway().call("POST", "officials", gateway().token("admin"), Json.createObjectBuilder()
                .add("login", login).add("displayName", login).add("organization", organization)
                .add("roles", Json.createArrayBuilder().add(role)).build());
        assertEquals(201, created.status(), created.toString());
        browser.go("/console/login.xhtml");
        browser.type("signin:login", login);
        browser.type("signin:password", created.field("initialPassword"));
        browser.click("signin:submit");
        String secret = browser.text("#totp-secret").replace(" ", "");
        String password = "a passphrase of " + login;
        browser.type("enrol:password", password);
        browser.type("enrol:repeated", password);
        browser.type("enrol:totp", Gateway.freshTotp(login, secret));
        browser.click("enrol:submit");
        assertTrue(browser.url().contains("/console/index.xhtml"), browser.text("#messages"));
        return new Enrolled(login, password, secret);
    }

    private String name(World batches, String id) {
        return gateway().batch(id).getString("name");
    }

    /**
     * Built once for the class: the benefits server pushes two batches, each with a file and a purpose no other test
     * uses; one is approved, pulled by the call center, receipted with {@code sekisho-cli} and purged, the other
     * waits for approval.
     */
    private static synchronized World world(URL base, Path work) {
        if (world != null) {
            return world;
        }
        Gateway gateway = new Gateway(base);
        String deliveredPurpose = "可視性の確認 delivered " + SUFFIX;
        String awaitingPurpose = "可視性の確認 awaiting " + SUFFIX;
        String deliveredFile = "chain-" + SUFFIX + ".csv";
        String awaitingFile = "pending-" + SUFFIX + ".csv";
        String delivered = push(gateway, work, "chain-" + SUFFIX, deliveredFile);
        String awaiting = push(gateway, work, "pending-" + SUFFIX, awaitingFile);
        assertEquals(200, gateway.submit(awaiting, awaitingPurpose).status());
        String digest = gateway.submit(delivered, deliveredPurpose).field("manifestDigest");
        for (String approver : List.of("approver3", "approver4")) {
            assertEquals(200, gateway.decide(approver, delivered, "APPROVE", digest, null).status(), approver);
        }
        String folder = "/" + Gateway.DEMO_CHANNEL + "/chain-" + SUFFIX;
        try {
            Path pulled = Files.createDirectories(work.resolve("pulled"));
            assertTrue(Sftp.as("callcenter", pulled).run("get " + folder + "/*").succeeded());
            Path gatewayCertificate = Files.writeString(work.resolve("gateway.pem"),
                    gateway.raw("GET", "gateway/certificate", null, null).body());
            Processes.Result receipt = Processes.run((String) null, "java", "-jar",
                    System.getProperty("sekisho.test.cli", "../gateway-cli/target/sekisho-cli.jar"), "receipt",
                    pulled.toString(), "--key", Gateway.demoFile("callcenter-recipient-key.pem").toString(), "--cert",
                    Gateway.demoFile("callcenter-recipient-cert.pem").toString(), "--gateway-cert",
                    gatewayCertificate.toString());
            assertEquals(0, receipt.exitCode(), receipt.output());
            assertTrue(Sftp.as("callcenter", pulled).run("put receipt.p7s " + folder + "/receipt.p7s").succeeded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Gateway.eventually(Duration.ofSeconds(15), "the delivered batch is purged",
                () -> !gateway.batch(delivered).isNull("purgedAt"));
        List<String> secrets = new ArrayList<>(List.of(deliveredPurpose, awaitingPurpose, deliveredFile,
                awaitingFile, "chain-" + SUFFIX, "pending-" + SUFFIX));
        JsonObject custody = gateway.call("GET", "batches/" + delivered + "/custody", gateway.token("auditor"), null)
                .json();
        custody.getJsonArray("sessions").getValuesAs(JsonObject.class)
                .forEach(session -> secrets.add(session.getString("client")));
        assertTrue(secrets.size() >= 8, "the upload's and the download's clients: " + custody);
        world = new World(delivered, awaiting, deliveredPurpose, awaitingPurpose, List.copyOf(secrets));
        return world;
    }

    private static String push(Gateway gateway, Path work, String batch, String file) {
        TestFiles.csv(work, file, 7);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir " + folder, "put " + file + " " + folder
                + "/" + file);
        assertTrue(pushed.succeeded(), pushed.output());
        return gateway.batchId(batch);
    }
}
