package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Nothing is exposed that the operator did not configure: the gateway listens on exactly its configured sockets,
 * builds no address from the Host header a client sends, hands out session ids that are entirely random, puts its
 * security headers on every response and SameSite on every cookie, and shows metrics to nobody without the token.
 * Each test sweeps a list of paths rather than trying one, so that a path added later without the policy shows up.
 */
class ExposureIT extends GatewayIT {

    private static final int HTTP_PORT = Integer.getInteger("sekisho.test.httpPort", 8080);
    private static final int HTTPS_PORT = Browser.HTTPS_PORT;
    /** The tests' gateway sets no sekisho.public-address: the default is the HTTPS listener on loopback. */
    private static final String PUBLIC_ADDRESS = "https://127.0.0.1:" + HTTPS_PORT;
    private static final String EVIL_HOST = "evil.example";
    /** Set for the PostgreSQL execution's gateway (system-tests/pom.xml); the H2 one runs without metrics. */
    private static final String METRICS_TOKEN = System.getProperty("sekisho.test.metricsToken", "");
    private static final Pattern VIEW_STATE = Pattern.compile(
            "<input[^>]*name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;]*)");

    /** Every Set-Cookie header any request of this class received, for the cookie sweep. */
    private static final List<String> COOKIES_SEEN = new ArrayList<>();

    private final HttpClient http = Https.client();

    @Test
    void listensOnExactlyTheConfiguredSocketsAndNoDataGrid() {
        Set<String> expected = Set.of("tcp 127.0.0.1:" + HTTP_PORT, "tcp 127.0.0.1:" + HTTPS_PORT,
                "tcp 127.0.0.1:" + Gateway.SFTP_PORT);
        assertEquals(expected, ListeningSockets.of(RunningGateway.pid()),
                "HTTP, HTTPS and SFTP on loopback, nothing else (no Hazelcast on 6900, no UDP)");
    }

    @Test
    void redirectsNameThePublicAddressWhateverHostTheClientSends() {
        List<String> plainPaths = List.of("/console", "/console/", "/console/index.xhtml",
                "/console/login.xhtml?lang=en", "/console/batch.xhtml?id=1", "/resources", "/WEB-INF");
        List<String> securePaths = List.of("/console", "/console/", "/console/index.xhtml",
                "/console/audit.xhtml", "/console/nothing.xhtml", "/resources", "/resources/console", "/WEB-INF",
                "/META-INF");
        List<String> wrong = new ArrayList<>();
        for (String host : List.of(EVIL_HOST, EVIL_HOST + ":" + HTTPS_PORT, "127.0.0.1:1")) {
            for (String path : plainPaths) {
                check(send(get(plain(path)).header("Host", host)), host, wrong);
            }
            for (String path : securePaths) {
                check(send(get(secure(path)).header("Host", host)), host, wrong);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static void check(HttpResponse<String> response, String host, List<String> wrong) {
        String location = response.headers().firstValue("Location").orElse(null);
        String request = response.request().method() + " " + response.uri() + " (Host: " + host + ")";
        if (response.statusCode() / 100 != 3 || location == null) {
            wrong.add(request + " was not redirected: " + response.statusCode());
        } else if (location.contains(host) || !(location.startsWith(PUBLIC_ADDRESS + "/")
                || location.startsWith("/") && !location.startsWith("//"))) {
            wrong.add(request + " redirected to " + location);
        }
    }

    @Test
    void sessionIdsAreEntirelyRandom() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(sessionIdOf(send(get(secure("/console/login.xhtml")))));
        }
        for (String id : ids) {
            assertTrue(id.matches("[0-9a-f]{64}"), "256 bits in hex, not " + id);
        }
        assertEquals(ids.size(), Set.copyOf(ids).size(), "every id is new");
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(commonPrefix(ids.get(i - 1), ids.get(i)) < 4,
                    "ids issued one after the other share no prefix (a clock would): " + ids);
        }
        List<String> ascending = ids.stream().sorted().toList();
        List<String> descending = ids.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        assertFalse(ids.equals(ascending) || ids.equals(descending), "ids do not follow the clock: " + ids);
    }

    @Test
    void everyApiResponseForbidsSniffingAndCachingAndInsistsOnHttps() {
        String token = gateway().token("auditor");
        List<String> wrong = new ArrayList<>();
        for (boolean overHttps : new boolean[] {true, false}) {
            List<HttpResponse<String>> responses = List.of(
                    send(get(address(overHttps, "/api/gateway"))),
                    send(get(address(overHttps, "/api/batches"))),
                    send(get(address(overHttps, "/api/batches")).header("Authorization", "Bearer " + token)),
                    send(get(address(overHttps, "/api/nothing"))),
                    send(json(address(overHttps, "/api/sessions"), "{")),
                    send(HttpRequest.newBuilder(address(overHttps, "/api/gateway")).DELETE()),
                    send(get(address(overHttps, "/health/ready"))),
                    send(get(address(overHttps, "/openapi"))),
                    send(get(address(overHttps, "/metrics"))));
            int metrics = METRICS_TOKEN.isEmpty() ? 404 : 401;
            // Plain HTTP answers probes only: the API refuses it before reading a token or a body.
            assertEquals(overHttps ? List.of(200, 401, 200, 404, 400, 405, 200, 200, metrics)
                    : List.of(403, 403, 403, 403, 403, 403, 200, 200, metrics),
                    responses.stream().map(HttpResponse::statusCode).toList(), "the sweep meets each status");
            for (HttpResponse<String> response : responses) {
                expect(response, "X-Content-Type-Options", "nosniff", wrong);
                expect(response, "Cache-Control", "no-store", wrong);
                expect(response, "Strict-Transport-Security", overHttps ? "max-age=31536000" : null, wrong);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyConsoleResponseCarriesTheConsoleHeadersErrorsAndNotFoundIncluded() {
        ConsoleSession session = ConsoleSession.signIn(this, "auditor");
        List<HttpResponse<String>> responses = new ArrayList<>(session.responses);
        responses.add(send(get(secure("/console/login.xhtml"))));
        responses.add(send(get(secure("/console/error.xhtml"))));
        responses.add(send(get(secure("/console"))));
        responses.add(send(get(secure("/console/index.xhtml"))));
        responses.add(send(get(secure("/nothing"))));
        responses.add(send(get(secure("/nothing.xhtml"))));
        responses.add(send(get(secure("/resources/console/console.css"))));
        responses.add(send(get(secure("/jakarta.faces.resource/console/console.css.xhtml"))));
        responses.add(send(get(plain("/console/login.xhtml"))));
        responses.add(send(HttpRequest.newBuilder(plain("/console/login.xhtml"))
                .POST(HttpRequest.BodyPublishers.ofString("signin%3Alogin=admin"))));
        responses.add(session.open("/console/index.xhtml"));
        responses.add(session.open("/console/nothing.xhtml"));
        responses.add(session.open("/console/batch.xhtml?id=not-a-batch"));
        Set<Integer> statuses = responses.stream().map(HttpResponse::statusCode).collect(Collectors.toSet());
        assertTrue(statuses.containsAll(Set.of(200, 302, 403, 404)), "the sweep meets each status: " + statuses);
        List<String> wrong = new ArrayList<>();
        for (HttpResponse<String> response : responses) {
            boolean overHttps = response.uri().getScheme().equals("https");
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            if (!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'")
                    && !policy.contains("script-src"))) {
                wrong.add(describe(response) + ": Content-Security-Policy " + policy);
            }
            expect(response, "X-Frame-Options", "DENY", wrong);
            expect(response, "X-Content-Type-Options", "nosniff", wrong);
            expect(response, "Referrer-Policy", "no-referrer", wrong);
            expect(response, "Cache-Control", "no-store", wrong);
            expect(response, "Strict-Transport-Security", overHttps ? "max-age=31536000" : null, wrong);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(session.signedInId.matches("[0-9a-f]{64}") && !session.signedInId.equals(session.firstId),
                "the login hands out a new random session id");
    }

    @Test
    void noCookieIsSetWithoutSameSiteOrSecure() {
        ConsoleSession.signIn(this, "approver1");
        send(get(secure("/nothing")));
        // A 404 over plain HTTP renders the console's error page, which keeps no state and so begins no session: no
        // cookie travels in clear (were one set, Payara's default would have made it Secure only on HTTPS requests).
        HttpResponse<String> plainNotFound = send(get(plain("/nothing")));
        send(get(secure("/console/error.xhtml")));
        List<String> cookies;
        synchronized (COOKIES_SEEN) {
            cookies = List.copyOf(COOKIES_SEEN);
        }
        assertFalse(cookies.isEmpty(), "the sweep saw cookies");
        assertEquals(List.of(), plainNotFound.headers().allValues("Set-Cookie"), "the plain-HTTP 404 sets no cookie");
        List<String> wrong = cookies.stream().filter(cookie -> {
            String lower = cookie.toLowerCase(Locale.ROOT);
            return !lower.contains("samesite=strict") || !lower.contains("httponly")
                    || !Pattern.compile(";\\s*secure(;|$)").matcher(lower).find();
        }).toList();
        assertTrue(wrong.isEmpty(), "cookies without SameSite=Strict, HttpOnly or Secure: " + wrong);
    }

    @Test
    void metricsAreReadOnlyByWhoeverHoldsTheOperatorsToken() {
        int refused = METRICS_TOKEN.isEmpty() ? 404 : 401;
        for (URI metrics : List.of(plain("/metrics"), secure("/metrics"), secure("/metrics/base"),
                secure("/metrics?scope=vendor"), secure("//metrics"), secure("/foo/../metrics"))) {
            List<HttpResponse<String>> strangers = List.of(send(get(metrics)),
                    send(get(metrics).header("Authorization", "Bearer " + gateway().token("admin"))),
                    send(get(metrics).header("Authorization", "Bearer " + METRICS_TOKEN + "x")),
                    send(get(metrics).header("Authorization", "Basic " + METRICS_TOKEN)));
            for (HttpResponse<String> response : strangers) {
                assertEquals(refused, response.statusCode(), describe(response) + ": " + response.body());
                assertFalse(response.body().contains("connection_pool") || response.body().contains("jvm_uptime"),
                        response.body());
            }
        }
        if (!METRICS_TOKEN.isEmpty()) {
            for (URI metrics : List.of(plain("/metrics"), secure("/metrics?scope=base"))) {
                HttpResponse<String> scraped = send(get(metrics).header("Authorization", "Bearer " + METRICS_TOKEN));
                assertEquals(200, scraped.statusCode(), scraped.body());
                assertTrue(scraped.body().contains("jvm_uptime_seconds"), scraped.body());
            }
        }
    }

    /** A console session in a client of its own: the login form posted as a browser would, and what it met. */
    private static final class ConsoleSession {

        private final ExposureIT test;
        private final List<HttpResponse<String>> responses = new ArrayList<>();
        private String firstId;
        private String signedInId;

        private ConsoleSession(ExposureIT test) {
            this.test = test;
        }

        static ConsoleSession signIn(ExposureIT test, String login) {
            ConsoleSession session = new ConsoleSession(test);
            HttpResponse<String> form = test.send(get(secure("/console/login.xhtml")));
            session.responses.add(form);
            session.firstId = sessionIdOf(form);
            session.signedInId = session.firstId;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("signin", "signin");
            fields.put("signin:login", login);
            fields.put("signin:password", Gateway.official(login).getString("password"));
            fields.put("signin:totp", Gateway.freshTotp(login));
            fields.put("signin:submit", "submit");
            fields.put("jakarta.faces.ViewState", viewState(form));
            // A Host header of the client's choosing: the redirect after the login must not follow it.
            HttpResponse<String> signedIn = session.post("/console/login.xhtml", fields, EVIL_HOST);
            assertEquals(302, signedIn.statusCode(), signedIn.body());
            assertEquals(PUBLIC_ADDRESS + "/console/index.xhtml", signedIn.headers().firstValue("Location")
                    .orElse(""), "the redirect after the login names the public address");
            session.signedInId = sessionIdOf(signedIn);

            // An action whose confirmation survives a redirect (Faces' flash, which may set a cookie of its own).
            HttpResponse<String> settings = session.open("/console/settings.xhtml");
            Matcher zone = Pattern.compile("<option value=\"([^\"]+)\" selected=\"selected\"").matcher(settings.body());
            assertTrue(zone.find(), settings.body());
            Map<String, String> save = new LinkedHashMap<>();
            save.put("settings", "settings");
            save.put("settings:timeZone", zone.group(1));
            save.put("settings:save", "save");
            save.put("jakarta.faces.ViewState", viewState(settings));
            HttpResponse<String> saved = session.post("/console/settings.xhtml", save, null);
            assertEquals(302, saved.statusCode(), saved.body());
            session.open("/console/settings.xhtml");
            return session;
        }

        HttpResponse<String> open(String path) {
            HttpResponse<String> response = test.send(ExposureIT.get(secure(path))
                    .header("Cookie", "JSESSIONID=" + signedInId));
            responses.add(response);
            return response;
        }

        HttpResponse<String> post(String path, Map<String, String> fields, String host) {
            String body = fields.entrySet().stream()
                    .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder request = HttpRequest.newBuilder(secure(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "JSESSIONID=" + signedInId)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (host != null) {
                request.header("Host", host);
            }
            HttpResponse<String> response = test.send(request);
            responses.add(response);
            return response;
        }

        private static String viewState(HttpResponse<String> page) {
            Matcher matcher = VIEW_STATE.matcher(page.body());
            assertTrue(matcher.find(), "a form with its view state: " + page.body());
            return matcher.group(1).replace("&#58;", ":");
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    private static String sessionIdOf(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().map(SESSION_COOKIE::matcher)
                .filter(Matcher::find).map(matcher -> matcher.group(1)).reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("No session cookie from " + describe(response)));
    }

    private static int commonPrefix(String first, String second) {
        int length = 0;
        while (length < Math.min(first.length(), second.length()) && first.charAt(length) == second.charAt(length)) {
            length++;
        }
        return length;
    }

    private static void expect(HttpResponse<String> response, String header, String value, List<String> wrong) {
        List<String> values = response.headers().allValues(header);
        if (value == null ? !values.isEmpty() : !values.equals(List.of(value))) {
            wrong.add(describe(response) + ": " + header + " " + values + ", expected " + (value == null ? "none"
                    : value));
        }
    }

    private static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode();
    }

    private static URI plain(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + path);
    }

    private static URI secure(String path) {
        return URI.create("https://127.0.0.1:" + HTTPS_PORT + path);
    }

    private static URI address(boolean overHttps, String path) {
        return overHttps ? secure(path) : plain(path);
    }

    private static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    private static HttpRequest.Builder json(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            synchronized (COOKIES_SEEN) {
                COOKIES_SEEN.addAll(response.headers().allValues("Set-Cookie"));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
