package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The console answers a user's mistakes as such, never with the page of a failure: every page as every role (200 or
 * 403, never 500), every field of every form with what no browser sends (400, naming the field), a post too large
 * (413), a view that is not the session's (a page that says it expired) — each with the console's security headers.
 * The pages come from the console's sources, so a new page is swept without editing this test.
 */
class ConsoleInputSweepIT extends GatewayIT {

    private static final List<String> OFFICIALS = List.of("requester", "approver1", "auditor", "admin");
    private static final List<String> HOSTILE = List.of("x".repeat(100_000), "a\u0000b", "a\u202Eb",
            "a\u001b[31mb");
    /** The generic page of a failure, in both languages: a user's mistake must never show it. */
    private static final List<String> FAILURE_PAGE = List.of("この操作は処理できませんでした", "This could not be done");

    @Test
    void everyPageAsEveryRoleIsShownOrRefusedNeverFailed() throws IOException {
        String batch = batchId();
        List<String> pages = consolePages();
        assertTrue(pages.contains("index.xhtml") && pages.contains("audit.xhtml"), pages.toString());
        List<String> failures = new ArrayList<>();
        for (String official : OFFICIALS) {
            ConsoleSession console = new ConsoleSession(base);
            console.logIn(official);
            for (String page : pages) {
                ConsoleSession.Page answer = console.get("/console/" + page + "?id=" + batch);
                String where = official + " " + page + ": ";
                if (answer.status() != 200 && answer.status() != 403 && answer.status() != 404) {
                    failures.add(where + answer.status());
                }
                if (answer.status() != 200 && !answer.body().contains("id=\"error\"")) {
                    failures.add(where + answer.status() + " without a page that says why");
                }
                if (answer.status() == 403 && !answer.body().matches("(?s).*(REQUESTER|APPROVER|AUDITOR|ADMIN).*")) {
                    failures.add(where + "403 without naming the role that opens it");
                }
                failures.addAll(missingHeaders(where, answer));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void everyFieldOfEveryFormRefusesWhatNoBrowserSends() throws IOException {
        Gateway gateway = gateway();
        String batch = batchId();
        String before = snapshot(gateway, batch);
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (String official : OFFICIALS) {
            ConsoleSession console = new ConsoleSession(base);
            console.logIn(official);
            for (String page : consolePages()) {
                ConsoleSession.Page shown = console.get("/console/" + page + "?id=" + batch);
                if (shown.status() != 200) {
                    continue;
                }
                for (ConsoleSession.Form form : shown.forms()) {
                    for (String field : form.typedFields()) {
                        for (String hostile : HOSTILE) {
                            ConsoleSession.Page answer = console.submit(form, Map.of(field, hostile));
                            probes++;
                            String where = official + " " + page + " " + field + " [" + printable(hostile) + "]: ";
                            if (answer.status() != 400 || !answer.body().contains("id=\"error\"")) {
                                failures.add(where + answer.status() + " " + excerpt(answer.body()));
                            }
                            failures.addAll(missingHeaders(where, answer));
                        }
                    }
                }
            }
        }
        assertTrue(probes > 100, "the forms were found: " + probes);
        assertTrue(failures.isEmpty(), failures.size() + " of " + probes + ":\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        assertEquals(before, snapshot(gateway, batch), "nothing changed");
    }

    @Test
    void oversizedPostsAndForeignViewsAreAnsweredAsSuch() {
        ConsoleSession console = new ConsoleSession(base);
        ConsoleSession.Page tooLarge = console.postRaw(RawHttp.from(base, "127.0.0.1").contextPath()
                + "/console/login.xhtml",
                "signin%3Alogin=" + "x".repeat(20 * 1024 * 1024));
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.body().contains("256 KiB"), excerpt(tooLarge.body()));
        assertTrue(missingHeaders("413: ", tooLarge).isEmpty(), missingHeaders("413: ", tooLarge).toString());

        ConsoleSession.Form signin = console.get("/console/login.xhtml").forms().get(0);
        for (String foreign : List.of("-4711:0815", "1234567890:-1234567890", "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA")) {
            ConsoleSession.Page expired = console.submit(signin, Map.of("jakarta.faces.ViewState", foreign,
                    "signin:login", "approver1", "signin:password", "x", "signin:totp", "000000"));
            assertEquals(400, expired.status(), foreign + ": " + excerpt(expired.body()));
            assertTrue(expired.body().contains("有効期限"), excerpt(expired.body()));
            assertTrue(FAILURE_PAGE.stream().noneMatch(expired.body()::contains));
            assertTrue(missingHeaders("expired: ", expired).isEmpty(), missingHeaders("expired: ", expired).toString());
        }

        ConsoleSession requester = new ConsoleSession(base);
        requester.logIn("requester");
        ConsoleSession.Page forbidden = requester.get("/console/audit.xhtml");
        assertEquals(403, forbidden.status());
        assertTrue(forbidden.body().contains("AUDITOR"), excerpt(forbidden.body()));
        assertTrue(FAILURE_PAGE.stream().noneMatch(forbidden.body()::contains));
        assertFalse(requester.get("/console/index.xhtml").body().contains("href=\"audit.xhtml\""),
                "the navigation offers only what one may open");
    }

    private static List<String> missingHeaders(String where, ConsoleSession.Page answer) {
        List<String> missing = new ArrayList<>();
        if (!answer.header("Content-Security-Policy").contains("default-src 'none'")) {
            missing.add(where + "no Content-Security-Policy");
        }
        if (!answer.header("X-Content-Type-Options").equals("nosniff")) {
            missing.add(where + "no X-Content-Type-Options");
        }
        if (!answer.header("Cache-Control").contains("no-store")) {
            missing.add(where + "no Cache-Control: no-store");
        }
        if (!answer.header("Strict-Transport-Security").contains("max-age=")) {
            missing.add(where + "no HSTS");
        }
        return missing;
    }

    private String batchId() {
        String batch = "console-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        TestFiles.csv(work, "residents.csv", 5);
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir /" + Gateway.DEMO_CHANNEL + "/" + batch,
                "put residents.csv /" + Gateway.DEMO_CHANNEL + "/" + batch + "/residents.csv");
        assertTrue(pushed.succeeded(), pushed.output());
        return gateway().batchId(batch);
    }

    /** The view files of the console, as its sources hold them. */
    private static List<String> consolePages() throws IOException {
        Path console = Path.of(System.getProperty("sekisho.test.repository", "..")).resolve(
                "gateway-web/src/main/webapp/console");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(console)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".xhtml"))
                    .sorted().toList();
        }
    }

    private static String snapshot(Gateway gateway, String batch) {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("accounts", "officials", "organizations", "channels", "channel-changes")) {
            state.append(gateway.call("GET", path, gateway.token("admin"), null).body()).append('\n');
        }
        return state.append(gateway.call("GET", "batches/" + batch, gateway.token("requester"), null).body())
                .toString();
    }

    private static String printable(String text) {
        String shown = text.length() > 12 ? text.substring(0, 12) + "…(" + text.length() + ")" : text;
        return shown.replaceAll("\\p{Cntrl}|\\p{Cf}", "?");
    }

    private static String excerpt(String body) {
        int error = body.indexOf("id=\"error\"");
        String part = error >= 0 ? body.substring(error, Math.min(body.length(), error + 200))
                : body.substring(0, Math.min(body.length(), 200));
        return part.replaceAll("\\s+", " ");
    }
}
