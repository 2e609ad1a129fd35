package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What a client meets at the gateway's HTTPS listener, seen with the real {@code openssl s_client} and {@code curl}
 * as a city's network team would check it: the operator's chain (or the local CA's) verifies against the one
 * authority handed out, only TLS 1.2 and 1.3 with forward-secret AEAD suites are spoken, HTTP/1.1 only, and the API
 * refuses plain HTTP for every operation it has.
 */
class HttpsListenerIT extends GatewayIT {

    private static final String ADDRESS = "127.0.0.1:" + Browser.HTTPS_PORT;

    @Test
    void theChainVerifiesAgainstTheAuthorityHandedOutAndNamesTheAddress() {
        Processes.Result handshake = sClient("-tls1_3", "-CAfile", anchor(), "-verify_return_error",
                "-verify_ip", "127.0.0.1", "-showcerts");
        assertTrue(handshake.succeeded(), handshake.output());
        assertTrue(handshake.output().contains("Verify return code: 0 (ok)"), handshake.output());
        long sent = handshake.output().lines().filter(line -> line.contains("BEGIN CERTIFICATE")).count();
        assertEquals(2, sent, "the server certificate and its issuing CA are sent, the root is not: "
                + handshake.output());

        Processes.Result curl = Processes.run((String) null, "curl", "-sS", "--fail", "--cacert", anchor(),
                "https://" + ADDRESS + "/api/gateway");
        assertTrue(curl.succeeded() && curl.output().contains("\"product\":\"Sekisho\""), curl.output());
        Processes.Result untrusted = Processes.run((String) null, "curl", "-sS", "https://" + ADDRESS + "/api/gateway");
        assertEquals(60, untrusted.exitCode(), "a client that was not handed the authority refuses the certificate: "
                + untrusted.output());
    }

    @Test
    void speaksOnlyTls12And13WithForwardSecretAeadSuites() {
        List<String> wrong = new ArrayList<>();
        Map<String, Boolean> protocols = Map.of("-tls1", false, "-tls1_1", false, "-tls1_2", true, "-tls1_3", true);
        // SECLEVEL=0: this openssl would otherwise not even offer TLS 1.0 or a weak suite, and prove nothing.
        protocols.forEach((protocol, accepted) -> expect(wrong, accepted, protocol, "-cipher", "DEFAULT:@SECLEVEL=0",
                "-CAfile", anchor()));
        // TLS 1.2 suites a client may offer, by the server's key type; each alone in the ClientHello.
        Map<String, Boolean> suites = Map.ofEntries(
                Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", true), Map.entry("ECDHE-RSA-AES256-GCM-SHA384", true),
                Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", true), Map.entry("ECDHE-RSA-AES128-GCM-SHA256", true),
                Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", true), Map.entry("ECDHE-RSA-CHACHA20-POLY1305", true),
                Map.entry("ECDHE-ECDSA-AES128-SHA256", false), Map.entry("ECDHE-RSA-AES128-SHA256", false),
                Map.entry("ECDHE-ECDSA-AES256-SHA", false), Map.entry("ECDHE-RSA-AES256-SHA", false),
                Map.entry("AES256-GCM-SHA384", false), Map.entry("AES128-SHA", false),
                Map.entry("DHE-RSA-AES256-GCM-SHA384", false));
        String keyType = keyTypeOfServer();
        suites.forEach((suite, modern) -> {
            boolean matchesKey = !suite.contains("ECDSA") && !suite.contains("RSA") || suite.contains(keyType);
            expect(wrong, modern && matchesKey, "-tls1_2", "-cipher", suite + ":@SECLEVEL=0", "-CAfile", anchor());
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void speaksHttp11OnlyNotHttp2() {
        Processes.Result alpn = sClient("-alpn", "h2,http/1.1", "-CAfile", anchor());
        assertTrue(alpn.output().contains("ALPN protocol: http/1.1") || alpn.output().contains("No ALPN negotiated"),
                alpn.output());
        Processes.Result curl = Processes.run((String) null, "curl", "-sS", "-o", "/dev/null", "-w",
                "%{http_version}", "--http2", "--cacert", anchor(), "https://" + ADDRESS + "/api/gateway");
        assertEquals("1.1", curl.output().strip());
    }

    /** Every operation of /openapi, over the loopback probe listener: 403 https-required, naming the HTTPS path. */
    @Test
    void everyApiOperationRefusesPlainHttpAndNamesTheHttpsAddress() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<ApiOperation> operations = ApiOperation.of(base);
        for (ApiOperation operation : operations) {
            String path = operation.template().replaceAll("\\{[^}]+}", "1");
            HttpRequest.Builder request = HttpRequest.newBuilder(RunningGateway.probeBase().resolve(path))
                    .header("Authorization", "Bearer " + gateway().token("auditor"));
            request = operation.takesBody()
                    ? request.header("Content-Type", "application/json")
                            .method(operation.method(), HttpRequest.BodyPublishers.ofString("{}"))
                    : request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
            HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 403 || !response.body().contains("\"https-required\"")
                    || !response.body().contains("https://" + ADDRESS + path)) {
                wrong.add(operation.method() + " " + path + " over plain HTTP: " + response.statusCode() + " "
                        + response.body());
            }
        }
        assertTrue(operations.size() > 20, "the sweep found the API's operations: " + operations.size());
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private void expect(List<String> wrong, boolean accepted, String... options) {
        Processes.Result handshake = sClient(options);
        boolean established = handshake.succeeded() && handshake.output().contains("Verify return code: 0 (ok)")
                && !handshake.output().contains("Cipher is (NONE)");
        if (established != accepted) {
            wrong.add(String.join(" ", options) + (accepted ? " was refused" : " was accepted") + ": "
                    + handshake.output().lines().filter(line -> line.contains("Cipher") || line.contains("alert")
                    || line.contains("error")).toList());
        }
    }

    /** "RSA" for the city's certificate ({@link CityCertificates}), "ECDSA" for the local CA's. */
    private static String keyTypeOfServer() {
        return "city".equals(System.getProperty("sekisho.test.tls")) ? "RSA" : "ECDSA";
    }

    private static Processes.Result sClient(String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", ADDRESS,
                "-servername", "localhost"));
        command.addAll(List.of(options));
        return Processes.run(null, "", command);
    }

    private static String anchor() {
        return RunningGateway.trustAnchor().toString();
    }
}
