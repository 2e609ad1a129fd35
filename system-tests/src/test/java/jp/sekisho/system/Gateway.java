package jp.sekisho.system;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The gateway as its users meet it: the files the quickstart writes (keys, officials), the REST API with real
 * password + TOTP logins (codes from the real {@code oathtool}), and direct database access for the few faults a
 * test cannot cause otherwise.
 */
final class Gateway {

    static final String DEMO_CHANNEL = "benefits-to-callcenter";
    static final Path DATA_DIR = Path.of(System.getProperty("sekisho.test.dataDir", "target/it-data"));
    static final int SFTP_PORT = Integer.getInteger("sekisho.test.sftpPort", 2222);
    /** The demo officials' time zone (the gateway's default): dates they type and read are days in this zone. */
    static final java.time.ZoneId OFFICIALS_ZONE = java.time.ZoneId.of("Asia/Tokyo");

    /** TOTP codes count once per official: remember the last step used by anyone in this JVM. */
    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();
    private static final Map<String, Long> STEP_BEFORE = new ConcurrentHashMap<>();
    private static final AtomicLong TOTP_WAIT_NANOS = new AtomicLong();
    private static final AtomicLong TOTP_CODES = new AtomicLong();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private final URI api;
    private final HttpClient http;
    /** Where the demo world's officials, keys and recipient are written: the gateway's data directory's demo/. */
    private final Path demo;

    Gateway(URL deploymentBase) {
        this(deploymentBase, Https.context(), DATA_DIR.resolve("demo"));
    }

    /** Another gateway (a cluster's balancer, say), its demo world in {@code demo}, its HTTPS trusted by {@code tls}. */
    Gateway(URL deploymentBase, javax.net.ssl.SSLContext tls, Path demo) {
        String base = deploymentBase.toString();
        this.api = URI.create((base.endsWith("/") ? base : base + "/") + "api/");
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        this.demo = demo;
    }

    /** The response of one API call. */
    record Reply(int status, String body) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String field(String name) {
            return json().getString(name);
        }
    }

    /** Today as the demo officials count days, whatever the zone of the machine running the test. */
    static java.time.LocalDate officialsToday() {
        return java.time.LocalDate.now(OFFICIALS_ZONE);
    }

    static Path demoFile(String name) {
        return DATA_DIR.resolve("demo").resolve(name);
    }

    static JsonObject official(String login) {
        return official(DATA_DIR.resolve("demo"), login);
    }

    static JsonObject official(Path demo, String login) {
        try {
            String text = Files.readString(demo.resolve("officials.json"));
            return Json.createReader(new StringReader(text)).readArray().getValuesAs(JsonObject.class).stream()
                    .filter(entry -> entry.getString("login").equals(login)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No demo official " + login));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A code from the earliest time step the gateway still accepts and this official has not used, waiting for the
     * step to come if it is too far ahead. The gateway accepts one step either side of its own; the previous step is
     * taken only early in the current one, so that the code still counts when it arrives.
     */
    static String freshTotp(String login) {
        return freshTotp(login, official(login).getString("totpSecret"));
    }

    /** The same for an official who is not in the demo world, whose secret the test read at the enrolment. */
    static synchronized String freshTotp(String login, String secret) {
        long nowSecond = Instant.now().getEpochSecond();
        long now = nowSecond / 30;
        long earliest = nowSecond % 30 < 15 ? now - 1 : now;
        long step = Math.max(earliest, LAST_STEP.getOrDefault(login, 0L) + 1);
        if (step > now + 1) {
            long start = System.nanoTime();
            sleepUntil(Instant.ofEpochSecond((step - 1) * 30 + 1));
            TOTP_WAIT_NANOS.addAndGet(System.nanoTime() - start);
        }
        TOTP_CODES.incrementAndGet();
        STEP_BEFORE.put(login, LAST_STEP.getOrDefault(login, 0L));
        LAST_STEP.put(login, step);
        return oathtool(secret, step * 30);
    }

    /**
     * The gateway refused the attempt before it looked at the code (wrong person, wrong digest, decided already): a
     * refused attempt never burns a code, so the official's last code is free again. Were it burnt after all, its
     * next use is refused as {@code step-up-failed} and the test fails.
     */
    static synchronized void codeNotConsumed(String login) {
        Long before = STEP_BEFORE.remove(login);
        if (before != null) {
            LAST_STEP.put(login, before);
        }
    }

    /** A co-signature's reply: a refusal other than of the code itself gives the code back. */
    static Reply codeFreeAgainIfRefused(String login, Reply reply) {
        if (reply.status() >= 400 && !reply.body().contains("\"step-up-failed\"")) {
            codeNotConsumed(login);
        }
        return reply;
    }

    /** How long this JVM's tests waited for time steps, for the suite's timing figures. */
    static String totpWaits() {
        return TOTP_CODES.get() + " authenticator codes, " + TOTP_WAIT_NANOS.get() / 1_000_000_000 + " s waited for"
                + " time steps";
    }

    static String oathtool(String secret, long epochSecond) {
        return Processes.run((String) null, "oathtool", "--totp", "-b", "-N", "@" + epochSecond, secret).output().trim();
    }

    String token(String login) {
        return TOKENS.computeIfAbsent(demo + " " + login, key -> login(login));
    }

    String login(String login) {
        JsonObject official = official(demo, login);
        Reply reply = call("POST", "sessions", null, Json.createObjectBuilder().add("login", login)
                .add("password", official.getString("password"))
                .add("totp", freshTotp(login, official.getString("totpSecret"))).build());
        if (reply.status() != 201) {
            throw new IllegalStateException("Login of " + login + " failed: " + reply);
        }
        return reply.field("token");
    }

    Reply call(String method, String path, String token, JsonValue body) {
        return raw(method, path, token, body == null ? null : body.toString());
    }

    Reply raw(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id of a batch the requester sees, by its folder name. */
    /**
     * A channel from the demo source to the demo destination, sealed to the demo recipient, approved by the demo
     * approvers' organizations; callers add what their test is about (a data contract, say).
     */
    static JsonObjectBuilder demoLikeChannel(String name) {
        try {
            return Json.createObjectBuilder()
                    .add("name", name).add("source", "benefits").add("destination", "callcenter")
                    .add("recipientCertificatePem", Files.readString(demoFile("callcenter-recipient-cert.pem")))
                    .add("requiredApprovals", 2)
                    .add("approverOrganizations", Json.createArrayBuilder().add("city-welfare").add("city-infopolicy"))
                    .add("submitWindowSeconds", 600).add("approvalWindowSeconds", 600)
                    .add("downloadWindowSeconds", 600).add("maxDownloads", 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every audit event so far, in chain order, read page by page as an auditor. */
    List<JsonObject> auditEvents() {
        return eventsAfter(0);
    }

    /** The newest event's sequence number, as an auditor reads it: what a test's own events come after. */
    long lastSeq() {
        List<JsonObject> events = call("GET", "audit/search?limit=1", token("auditor"), null).json()
                .getJsonArray("events").getValuesAs(JsonObject.class);
        return events.isEmpty() ? 0 : events.get(0).getJsonNumber("seq").longValue();
    }

    /** Every event after {@code afterSeq}, in chain order, read page by page as an auditor. */
    List<JsonObject> eventsAfter(long afterSeq) {
        List<JsonObject> found = new ArrayList<>();
        long after = afterSeq;
        while (true) {
            List<JsonObject> page = call("GET", "audit?limit=1000&after=" + after, token("auditor"), null).json()
                    .getJsonArray("events").getValuesAs(JsonObject.class);
            if (page.isEmpty()) {
                return found;
            }
            found.addAll(page);
            after = page.get(page.size() - 1).getJsonNumber("seq").longValue();
        }
    }

    String batchId(String batchName) {
        Reply list = call("GET", "batches", token("requester"), null);
        return list.json().getJsonArray("batches").getValuesAs(JsonObject.class).stream()
                .filter(batch -> batch.getString("name").equals(batchName)).findFirst()
                .orElseThrow(() -> new AssertionError("The requester does not see batch " + batchName + ": " + list))
                .getString("id");
    }

    JsonObject batch(String id) {
        return call("GET", "batches/" + id, token("auditor"), null).json();
    }

    /** Submits with the purpose and 30 days of use. */
    Reply submit(String id, String purpose) {
        return call("POST", "batches/" + id + "/submit", token("requester"), Json.createObjectBuilder()
                .add("purpose", purpose).add("useUntil", officialsToday().plusDays(30).toString()).build());
    }

    Reply decide(String login, String id, String decision, String digest, String reason) {
        String token = token(login);
        var body = Json.createObjectBuilder().add("decision", decision).add("manifestDigest", digest)
                .add("totp", freshTotp(login, official(demo, login).getString("totpSecret")));
        if (reason != null) {
            body.add("reason", reason);
        }
        Reply reply = call("POST", "batches/" + id + "/approvals", token, body.build());
        return codeFreeAgainIfRefused(login, reply);
    }

    /** Submits and has approver1 and approver2 co-sign; returns the manifest digest. */
    String submitAndApprove(String id) {
        return submitAndApprove(id, "approver1", "approver2");
    }

    /**
     * Submits and has these two co-sign (one of each division the demo channel names); returns the manifest digest.
     * Each official has one fresh code per 30 s, so tests that only need some release spread it over the pairs.
     */
    String submitAndApprove(String id, String firstApprover, String secondApprover) {
        Reply submitted = submit(id, "給付金データの更新 (test)");
        if (submitted.status() != 200) {
            throw new AssertionError("Submit failed: " + submitted);
        }
        String digest = submitted.field("manifestDigest");
        for (String approver : new String[] {firstApprover, secondApprover}) {
            Reply approved = decide(approver, id, "APPROVE", digest, null);
            if (approved.status() != 200) {
                throw new AssertionError("Approval by " + approver + " failed: " + approved);
            }
        }
        return digest;
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("sekisho.test.db.url"), "postgres", "");
    }

    static Path storageOf(String batchId) {
        return DATA_DIR.resolve("storage").resolve(batchId);
    }

    static void sleepUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Polls until the condition holds, for what the gateway does in the background (sweeps, purges). */
    static void eventually(Duration limit, String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within " + limit.toSeconds() + " s: " + what);
            }
            sleepUntil(Instant.now().plusMillis(250));
        }
    }
}
