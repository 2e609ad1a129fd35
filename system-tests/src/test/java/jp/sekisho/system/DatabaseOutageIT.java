package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A database outage as the gateway's users meet it: every operation of the API (read from the gateway's own OpenAPI
 * document), as each role and as nobody, answers 503 with Retry-After and the error {@code database-unavailable};
 * the console answers its 503 page in Japanese with its headers; readiness is DOWN naming the database; an SFTP login
 * is disconnected as "service unavailable". Once the database is back, the same tokens work without a restart. The
 * outage is PostgreSQL refusing connections to the gateway's database, its open connections cut.
 */
class DatabaseOutageIT extends GatewayIT {

    private static final List<String> OFFICIALS = List.of("requester", "approver1", "auditor", "admin");
    private static final String PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

    @Test
    void everyDoorAnswersServiceUnavailableDuringAnOutageAndWorksAgainAfterIt() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("sekisho.test.db")), "an outage is PostgreSQL's");
        Gateway gateway = gateway();
        List<ApiOperation> operations = ApiOperation.of(base);
        assertTrue(operations.size() >= 30, "the OpenAPI document lists the API: " + operations.size());
        Map<String, String> tokens = new LinkedHashMap<>();
        OFFICIALS.forEach(login -> tokens.put(login, gateway.login(login)));
        List<String> callers = new ArrayList<>(OFFICIALS);
        callers.add(null);
        List<String> failures = new ArrayList<>();
        String database = FreshEnvironment.databaseName(System.getProperty("sekisho.test.db.url"));
        RawHttp client = RawHttp.from(base, "127.0.0.1");
        outage(database, true);
        try {
            // The first call finds the outage through a failure; every later one is refused before it is tried.
            for (ApiOperation operation : operations) {
                for (String caller : callers) {
                    String target = client.contextPath() + operation.template().replaceAll("\\{[^}]+}", PLACEHOLDER_ID);
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Content-Type", "application/json");
                    if (caller != null) {
                        headers.put("Authorization", "Bearer " + tokens.get(caller));
                    }
                    RawHttp.Response response = client.send(operation.method(), target, headers,
                            operation.takesBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null);
                    String problem = unavailableProblem(response);
                    if (problem != null) {
                        failures.add(operation.method() + " " + target + " as " + caller + ": " + problem);
                    }
                }
            }
            assertEquals(List.of(), failures, failures.size() + " answers were not 503 database-unavailable");

            HttpResponse<String> console = Https.client().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + Browser.HTTPS_PORT + "/console/login.xhtml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, console.statusCode(), console.body());
            assertTrue(console.body().contains("データベースに接続できない"), console.body());
            assertTrue(console.headers().firstValue("Content-Security-Policy").isPresent(), "the console's headers");
            assertTrue(console.headers().firstValue("Retry-After").isPresent(), "Retry-After on the console page");

            HttpResponse<String> ready = Https.client().send(HttpRequest.newBuilder(
                    base.toURI().resolve("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"database\":\"unreachable\""), ready.body());

            Processes.Result login = Sftp.as("benefits", work).run("ls");
            assertFalse(login.succeeded(), login.output());
            assertTrue(login.output().contains("7: Service unavailable: the gateway cannot reach its database"),
                    login.output());
        } finally {
            outage(database, false);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String login : OFFICIALS) {
            Gateway.Reply reply;
            while ((reply = gateway.call("GET", "batches", tokens.get(login), null)).status() == 503) {
                assertTrue(System.nanoTime() < deadline, "the gateway works again within 30 s");
                Thread.sleep(100);
            }
            assertEquals(200, reply.status(), login + "'s token works after the outage: " + reply.body());
        }
        assertTrue(Sftp.as("benefits", work).run("ls").succeeded(), "SFTP logins work after the outage");
    }

    /** Why a response is not the outage's answer; {@code null} when it is. */
    private static String unavailableProblem(RawHttp.Response response) {
        if (response.status() != 503) {
            return "status " + response.status() + " " + response.body();
        }
        if (response.all("Retry-After").isEmpty()) {
            return "no Retry-After";
        }
        JsonObject error = Json.createReader(new StringReader(response.body())).readObject();
        return "database-unavailable".equals(error.getString("error", "")) ? null : "error " + response.body();
    }

    private static void outage(String database, boolean begins) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + !begins);
            if (begins) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database + "'");
            }
        }
    }
}
