package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the EAR on a full Payara Server (not Micro): a fresh domain with its own ports is created from
 * the distribution zip, the gateway's configuration is given to it as JVM options, the EAR is deployed with
 * {@code asadmin deploy}, and the deployed gateway must answer its public API over HTTP and greet SSH clients
 * on the SFTP port it was told to use.
 * <p>
 * Runs from Maven (failsafe passes {@code sekisho.test.ear} and {@code payara.server.zip}) or from an IDE after
 * {@code mvn package}, falling back to the EAR in {@code gateway-ear/target} and the zip in the local repository.
 */
class EarOnPayaraServerIT {

    private static final String DOMAIN = "sekisho-smoke";
    private static final String PAYARA_VERSION = "6.2025.10";
    private static final int SERVER_LOG_TAIL_LINES = 80;

    /** Kept after a failure, to look at server.log and the asadmin output. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void theEarDeploysOnPayaraServerAndServesTheGatewayApi() throws Exception {
        Path ear = input("sekisho.test.ear", Path.of("../gateway-ear/target/sekisho.ear"),
                Path.of("gateway-ear/target/sekisho.ear"));
        Path zip = input("payara.server.zip", Path.of(System.getProperty("user.home"), ".m2", "repository", "fish",
                "payara", "distributions", "payara", PAYARA_VERSION, "payara-" + PAYARA_VERSION + ".zip"));
        int sftpPort = PayaraServerDomain.freePort();
        int portBase = PayaraServerDomain.freePortBase(sftpPort);
        Path dataDirectory = work.resolve("sekisho-data");

        long started = System.nanoTime();
        PayaraServerDomain domain = PayaraServerDomain.install(zip, work.resolve("payara"), DOMAIN);
        log(started, "unzipped " + zip);
        try {
            domain.create(portBase);
            Map<String, String> gatewayConfiguration = new LinkedHashMap<>();
            gatewayConfiguration.put("sekisho.data.dir", dataDirectory.toString());
            gatewayConfiguration.put("sekisho.sftp.host", "127.0.0.1");
            gatewayConfiguration.put("sekisho.sftp.port", String.valueOf(sftpPort));
            // A production start: no demo data asked for, so no officials, accounts or keys of accounts appear.
            domain.configure(gatewayConfiguration);
            log(started, "created domain " + DOMAIN + " with port base " + portBase + " (admin " + domain.adminPort()
                    + ", HTTPS " + domain.httpsPort() + "), SFTP port " + sftpPort);

            domain.start();
            log(started, "started");
            domain.deploy(ear);
            log(started, "deployed " + ear);

            HttpResponse<String> response = getGatewayDescription(domain.httpsPort());
            assertEquals(200, response.statusCode(), () -> "GET /api/gateway answered " + response.body());
            JsonObject gateway = parse(response.body());
            assertEquals("Sekisho", gateway.getString("product", null), response::body);
            assertEquals(sftpPort, gateway.getInt("sftpPort", -1), response::body);
            assertTrue(gateway.getString("sshHostKeyFingerprint", "").startsWith("SHA256:"), response::body);

            String banner = sshBanner(sftpPort);
            assertTrue(banner.startsWith("SSH-2.0-"), () -> "SFTP port " + sftpPort + " greeted with: " + banner);
            log(started, "gateway answers over HTTP and SSH (" + banner + ")");
            assertTrue(Files.exists(dataDirectory.resolve("keys").resolve("ssh_host_ed25519_key")),
                    "the host key is generated on the first start");
            assertTrue(!Files.exists(dataDirectory.resolve("demo")), "a production start never creates demo data");
        } catch (Throwable failure) {
            System.out.println("----- " + domain.serverLog() + " (last " + SERVER_LOG_TAIL_LINES + " lines) -----");
            System.out.println(domain.serverLogTail(SERVER_LOG_TAIL_LINES));
            System.out.println("----- SEVERE messages in server.log -----");
            System.out.println(domain.severeMessages(SERVER_LOG_TAIL_LINES));
            System.out.println("----- end of server.log; domain and data kept in " + work + " -----");
            throw failure;
        } finally {
            domain.stop();
            log(started, "stopped");
        }
    }

    /** The file named by a system property or, when that is unset (in an IDE), the first fallback that exists. */
    private static Path input(String property, Path... fallbacks) {
        String configured = System.getProperty(property);
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
                : Stream.of(fallbacks).filter(Files::isRegularFile).findFirst().orElse(fallbacks[0]);
        assertTrue(Files.isRegularFile(file), () -> file.toAbsolutePath().normalize() + " does not exist"
                + (configured == null ? " (set -D" + property + " or run mvn package first)" : ""));
        return file.toAbsolutePath().normalize();
    }

    /** The deployment is complete when asadmin returns, but give the listener a moment should it not be. */
    private static HttpResponse<String> getGatewayDescription(int httpsPort) throws Exception {
        HttpClient client = Https.trustingAnyClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/api/gateway"))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 404 && response.statusCode() != 503 || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
            Thread.sleep(1_000);
        }
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The identification line an SSH server sends first (RFC 4253, section 4.2). */
    private static String sshBanner(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n' && line.size() < 255; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).strip();
        }
    }

    private static void log(long started, String message) {
        System.out.printf("[smoke] %3d s: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), message);
    }
}
