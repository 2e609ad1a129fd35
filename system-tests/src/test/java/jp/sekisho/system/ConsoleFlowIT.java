package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Officials at the web console in a real browser (Debian's chromium): the requester submits a batch the benefits
 * server pushed, two approvers co-sign it with fresh TOTP codes, the call center pulls it, two officials confirm
 * its deletion, and the console refuses what the rules forbid.
 * Once in Japanese, the default, and once in English.
 */
class ConsoleFlowIT extends GatewayIT {

    private static final String HOSTILE_COLUMN = "<img src=\"x\" onerror=\"document.title='pwned'\">";
    /** A Japanese name with the one markup character file names may carry. */
    private static final String JAPANESE_FILE = "住民基本台帳_2022_Q&A.csv";
    private static final String HOSTILE_PURPOSE = "給付金データの更新 <script>document.title='pwned'</script>"
            + "<img src=x onerror=\"document.title='pwned'\">";

    @Test
    void requesterSubmitsTwoApproversCoSignAndConfirmTheDeletionInJapanese() throws Exception {
        String batch = pushedBatch("console-ja");
        // Column names come from the file: markup in them must reach the approver as text.
        java.nio.file.Files.writeString(work.resolve("hostile.csv"), "resident_id," + HOSTILE_COLUMN + "\n1,x\n");
        Processes.Result hostile = Sftp.as("benefits", work).run("put hostile.csv /" + Gateway.DEMO_CHANNEL + "/"
                + batch + "/" + JAPANESE_FILE);
        assertTrue(hostile.succeeded(), hostile.output());
        try (Browser requester = Browser.open(base, "ja")) {
            requester.go("/console/index.xhtml");
            assertTrue(requester.url().endsWith("/console/login.xhtml"), "the console needs a login first");
            assertTrue(requester.pageSource().contains("ログイン"), "Japanese is the default language");
            requester.screenshot("01-login");
            requester.logIn("requester");
            assertTrue(requester.text("#to-submit").contains(batch), requester.text("#to-submit"));
            requester.screenshot("02-dashboard-requester");
            requester.openBatch(batch);
            requester.type("submit:purpose", HOSTILE_PURPOSE);
            requester.click("submit:send");
            assertTrue(requester.text("#messages").contains("利用できる最終日を入力してください"),
                    "a batch is submitted only with an end of use: " + requester.text("#messages"));
            assertEquals("アップロード中", requester.text("#state"));
            requester.type("submit:purpose", HOSTILE_PURPOSE);
            java.time.LocalDate lastDayOfUse = Gateway.officialsToday().plusDays(14);
            requester.setValue("submit:useUntil", lastDayOfUse.toString());
            requester.click("submit:send");
            assertTrue(requester.text("#messages").contains("提出しました"), requester.text("#messages"));
            assertTrue(requester.text("#use-until").startsWith(lastDayOfUse.plusDays(1) + " 00:00:00"),
                    "the data may be used to the end of the chosen day: " + requester.text("#use-until"));
            assertEquals("承認待ち", requester.text("#state"));
            assertEquals(HOSTILE_PURPOSE, requester.text("#purpose"), "a purpose is shown as text, never as markup");
            assertFalse(requester.pageSource().contains("<script>document.title"), "typed markup is escaped");
            assertFalse(requester.has("decide:approve"), "a requester is offered no approval");
            requester.screenshot("03-batch-submitted");
        }
        try (Browser approver = Browser.open(base, "ja"); Browser second = Browser.open(base, "ja")) {
            approver.logIn("approver1");
            assertTrue(approver.text("#to-approve").contains(batch), approver.text("#to-approve"));
            approver.openBatch(batch);
            assertTrue(approver.text("#files").contains("residents.csv"));
            assertTrue(approver.text("#files").contains("resident_id"), "approvers see which columns leave");
            assertTrue(approver.text("#files").contains(HOSTILE_COLUMN), "a column name is shown as text");
            assertTrue(approver.text("#files").contains(JAPANESE_FILE), approver.text("#files"));
            assertFalse(approver.pageSource().contains("<img src=\"x\" onerror"), "and never as markup");
            approver.screenshot("04-batch-to-approve");
            approver.type("decide:totp", Gateway.freshTotp("approver1"));
            approver.click("decide:approve");
            assertTrue(approver.text("#messages").contains("承認しました"), approver.text("#messages"));
            assertTrue(approver.text("#approvals").contains("承認"), approver.text("#approvals"));

            approver.type("decide:totp", Gateway.freshTotp("approver1"));
            approver.click("decide:approve");
            assertTrue(approver.text("#messages").contains("同じ人が二度承認することはできません"),
                    "the same approver cannot approve twice: " + approver.text("#messages"));
            Gateway.codeNotConsumed("approver1");
            assertFalse(approver.title().contains("pwned"), "no script from the purpose ran");

            second.logIn("approver2");
            second.openBatch(batch);
            second.type("decide:totp", Gateway.freshTotp("approver2"));
            second.click("decide:approve");
            assertEquals("受け取り可能", second.text("#state"), "two approvals make the batch available");
            second.screenshot("05-batch-available");

            // The call center pulls the batch; the gateway deletes it and certifies the deletion.
            Processes.Result pulled = Sftp.as("callcenter", work).run("get /" + Gateway.DEMO_CHANNEL + "/" + batch
                    + "/residents.csv.p7m", "get /" + Gateway.DEMO_CHANNEL + "/" + batch + "/" + JAPANESE_FILE
                    + ".p7m");
            assertTrue(pulled.succeeded(), pulled.output());
            String id = gateway().batchId(batch);
            Gateway.eventually(java.time.Duration.ofSeconds(15), "the delivered batch is purged",
                    () -> !gateway().batch(id).isNull("purgedAt"));

            approver.go("/console/index.xhtml");
            assertTrue(approver.text("#to-confirm").contains(batch), approver.text("#to-confirm"));
            approver.openBatch(batch);
            approver.type("confirm:totp", Gateway.freshTotp("approver1"));
            approver.click("confirm:send");
            assertTrue(approver.text("#messages").contains("削除を確認しました"), approver.text("#messages"));
            assertFalse(approver.has("confirm:send"), "one official confirms once");
            assertEquals(409, gateway().call("POST", "batches/" + id + "/deletion-certificate/confirmations",
                    gateway().token("approver1"), jakarta.json.Json.createObjectBuilder()
                            .add("certificateDigest", approver.text("#certificate-digest"))
                            .add("totp", "000000").build()).status(), "not even through the API");

            second.openBatch(batch);
            second.type("confirm:totp", Gateway.freshTotp("approver2"));
            second.click("confirm:send");
            assertTrue(second.has("deletion-confirmed"), second.text("#deletion"));
            second.screenshot("06-deletion-confirmed");
        }
        assertTrue(gateway().batch(gateway().batchId(batch)).getJsonObject("deletionCertificate")
                .getBoolean("confirmed"));

        try (Browser auditor = Browser.open(base, "ja")) {
            auditor.logIn("auditor");
            assertTrue(auditor.text("#chain-status").contains("検証済み"), auditor.text("#chain-status"));
            auditor.go("/console/custody.xhtml?id=" + gateway().batchId(batch));
            assertTrue(auditor.text("#verdict").contains("1 バイトも残っていません"), auditor.text("#verdict"));
            String sessions = auditor.text("#sessions");
            assertTrue(sessions.contains("benefits") && sessions.contains(fingerprint("benefits")),
                    "the upload's account and key: " + sessions);
            assertTrue(sessions.contains("callcenter") && sessions.contains(fingerprint("callcenter")),
                    "the download's account and key: " + sessions);
            assertTrue(auditor.text("#custody-officials").contains("requester")
                    && auditor.text("#custody-officials").contains("approver2"), auditor.text("#custody-officials"));
            assertEquals(2, auditor.all("#custody-confirmations li").size(), "both confirmations of the deletion");
            assertTrue(auditor.text("#certificate-signed").contains("署名済み"), auditor.text("#certificate-signed"));
            assertTrue(auditor.text("#custody-files").contains(JAPANESE_FILE), auditor.text("#custody-files"));
            String story = auditor.text("#custody-events");
            for (String step : new String[] {"BATCH_CREATED", "FILE_RECEIVED", "BATCH_SUBMITTED", "BATCH_APPROVED",
                "BATCH_AVAILABLE", "FILE_DOWNLOADED", "BATCH_DELIVERED", "BATCH_PURGED", "DELETION_CONFIRMED"}) {
                assertTrue(story.contains(step), "the story from upload to deletion includes " + step);
            }
            auditor.screenshot("08-custody-report");
        }
    }

    @Test
    void theAuditorFiltersTheTrailAndSeesWhatIsStillOnTheGatewayInEnglish() {
        String batch = pushedBatch("console-audit");
        String id = gateway().batchId(batch);
        try (Browser auditor = Browser.open(base, "en")) {
            auditor.logIn("auditor");
            auditor.go("/console/audit.xhtml?batch=" + id + "&action=FILE_RECEIVED");
            assertEquals(1, auditor.all("#events tbody tr").size(), auditor.text("main"));
            assertTrue(auditor.text("#events").contains("residents.csv"), auditor.text("#events"));
            auditor.screenshot("09-audit-trail");

            auditor.type("filter-actor", "nobody-" + UUID.randomUUID());
            auditor.click("filter-send");
            assertTrue(auditor.has("no-events"), "an actor filter that matches nothing: " + auditor.url());

            // The auditor's days are Tokyo days: the day the batch was created, not the day the test runs.
            java.time.LocalDate created = java.time.Instant.parse(gateway().batch(id).getString("createdAt"))
                    .atZone(Gateway.OFFICIALS_ZONE).toLocalDate();
            auditor.go("/console/audit.xhtml?batch=" + id + "&from=" + created + "&to=" + created.plusDays(1));
            assertTrue(auditor.all("#events tbody tr").size() >= 2, "creation and upload happened by the next day");
            auditor.go("/console/audit.xhtml?batch=" + id + "&from=" + created.plusDays(2));
            assertTrue(auditor.has("no-events"), "nothing happened two days later");

            auditor.go("/console/custody.xhtml?id=" + id);
            assertTrue(auditor.text("#verdict").contains("still on the gateway"), auditor.text("#verdict"));
        }
        try (Browser requester = Browser.open(base, "en")) {
            requester.logIn("requester");
            requester.go("/console/audit.xhtml");
            assertFalse(requester.has("events"), "only auditors read the trail");
            requester.go("/console/custody.xhtml?id=" + id);
            assertFalse(requester.has("sessions"), "nor custody reports");
        }
    }

    private static String fingerprint(String account) {
        String line = Processes.run((String) null, "ssh-keygen", "-lf",
                Gateway.demoFile(account + "_ed25519.pub").toString()).output();
        return line.split(" ")[1];
    }

    @Test
    void theConsoleRefusesWhatTheRulesForbidInEnglish() throws Exception {
        String batch = pushedBatch("console-en");
        String id = gateway().batchId(batch);
        assertEquals(200, gateway().submit(id, "Call center refresh").status());
        try (Browser admin = Browser.open(base, "en")) {
            admin.logIn("admin");
            assertTrue(admin.pageSource().contains("My tasks"), "the browser's Accept-Language picks English");
            assertFalse(admin.text("main").contains(batch), "an administrator's dashboard lists no batch");
            admin.go("/console/batch.xhtml?id=" + id);
            assertFalse(admin.has("decide:approve"), "an administrator is offered no approval");
            assertFalse(admin.pageSource().contains("Call center refresh"), "nor the batch's purpose");
        }
        try (Browser approver = Browser.open(base, "en")) {
            approver.go("/console/login.xhtml");
            approver.type("signin:login", "approver1");
            approver.type("signin:password", Gateway.official("approver1").getString("password"));
            approver.type("signin:totp", "000000");
            approver.click("signin:submit");
            assertTrue(approver.text("#messages").contains("Login refused"), approver.text("#messages"));

            approver.logIn("approver1");
            approver.openBatch(batch);
            approver.type("decide:totp", "123456");
            approver.click("decide:approve");
            assertTrue(approver.text("#messages").contains("A new code from your authenticator is required"),
                    approver.url() + "\n" + approver.pageSource());
            approver.screenshot("07-wrong-code");

            // A forged post from another site: the session cookie is there, the view's token is not.
            HttpResponse<String> forged = Https.client().send(HttpRequest.newBuilder(
                    URI.create(Browser.httpsBase(base) + "/console/batch.xhtml?id=" + id))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "JSESSIONID=" + approver.sessionCookie())
                    .POST(HttpRequest.BodyPublishers.ofString("decide=decide&decide%3Atotp="
                            + Gateway.freshTotp("approver1") + "&decide%3Aapprove=Approve"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertFalse(forged.body().contains("Approved."), forged.body());
            assertEquals("AWAITING_APPROVAL", gateway().batch(id).getString("state"));
            assertEquals(0, gateway().batch(id).getJsonArray("approvals").size(), "the forged post changed nothing");
            Gateway.codeNotConsumed("approver1");

            approver.go("/console/index.xhtml?lang=ja");
            assertTrue(approver.pageSource().contains("自分のタスク"), "the language switch works");
        }
    }

    @Test
    void theRequesterWithdrawsABatchAndItsUploadIsDeleted() {
        String batch = pushedBatch("console-withdraw");
        String id = gateway().batchId(batch);
        try (Browser requester = Browser.open(base, "en")) {
            requester.logIn("requester");
            requester.openBatch(batch);
            requester.click("withdraw:send");
            assertTrue(requester.text("#messages").contains("Withdrawn"), requester.text("#messages"));
            assertEquals("Withdrawn", requester.text("#state"));
            assertFalse(requester.has("withdraw:send"), "a withdrawn batch offers nothing more");
        }
        assertEquals("WITHDRAWN", gateway().batch(id).getString("state"));
        Gateway.eventually(java.time.Duration.ofSeconds(15), "the withdrawn batch's files are deleted",
                () -> !gateway().batch(id).isNull("purgedAt"));
    }

    @Test
    void plainHttpIsRedirectedToHttpsAndEveryPageForbidsFramingAndScripts() throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                RunningGateway.probeBase().resolve("/console/login.xhtml?lang=en")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, plain.statusCode());
        assertEquals(Browser.httpsBase(base) + "/console/login.xhtml?lang=en",
                plain.headers().firstValue("Location").orElse(""));
        HttpResponse<String> postedInClear = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                RunningGateway.probeBase().resolve("/console/login.xhtml"))
                .POST(HttpRequest.BodyPublishers.ofString("signin%3Alogin=admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, postedInClear.statusCode(), "a form is never accepted over plain HTTP");

        HttpResponse<String> secure = Https.client().send(HttpRequest.newBuilder(
                URI.create(Browser.httpsBase(base) + "/console/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, secure.statusCode());
        assertTrue(secure.headers().firstValue("Strict-Transport-Security").orElse("").contains("max-age="));
        String policy = secure.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(secure.body().contains("<script"), "the console has no script at all");
        String cookie = secure.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly")
                && cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=strict"), cookie);
    }

    /** A batch with one CSV file, pushed by the benefits server over SFTP. */
    private String pushedBatch(String prefix) {
        String batch = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestFiles.csv(work, "residents.csv", 12);
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir /" + Gateway.DEMO_CHANNEL + "/" + batch,
                "put residents.csv /" + Gateway.DEMO_CHANNEL + "/" + batch + "/residents.csv");
        assertTrue(pushed.succeeded(), pushed.output());
        return batch;
    }
}
