package jp.sekisho.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

/**
 * An auditor's export of the audit trail, fetched from the gateway's API: log in (password and authenticator code),
 * stream {@code GET /api/audit/export} into a file, log out. The file appears under its name only when the whole
 * export arrived; until then it is a hidden partial file, removed if anything goes wrong.
 */
final class AuditDownload {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final int PROGRESS_EVERY = 100_000;

    private final HttpClient http;
    private final URI api;
    private final PrintStream progress;

    /**
     * @param authorities the PEM file of the authorities whose certificates are trusted for the gateway (curl's
     *                    {@code --cacert}), or null for the JVM's trust store
     */
    AuditDownload(String gateway, Path authorities, PrintStream progress) throws CheckFailed {
        String base = gateway.endsWith("/") ? gateway : gateway + "/";
        if (!base.startsWith("https://")) {
            // The password would leave before the gateway could refuse plain HTTP.
            throw new Arguments.UsageError("--gateway must be the gateway's https:// address (its API answers over "
                    + "HTTPS only), not " + gateway);
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20));
        if (authorities != null) {
            client.sslContext(Credentials.trusting(authorities));
        }
        this.http = client.build();
        this.api = URI.create(base).resolve("api/");
        this.progress = progress;
    }

    /** What arrived: how many events, from which seq to which, and how many signed checkpoints among them. */
    record Exported(long events, long firstSeq, long lastSeq, long checkpoints) {
    }

    Exported export(String login, char[] password, String totp, Long from, Long to, Path file)
            throws IOException, CheckFailed {
        String token = logIn(login, password, totp);
        try {
            StringJoiner range = new StringJoiner("&", "audit/export?", "").setEmptyValue("audit/export");
            if (from != null) {
                range.add("from=" + from);
            }
            if (to != null) {
                range.add("to=" + to);
            }
            HttpResponse<InputStream> response = send(HttpRequest.newBuilder(api.resolve(range.toString()))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CheckFailed("the gateway refused the export: " + refusal(body, response.statusCode()));
                }
                return save(body, file);
            }
        } finally {
            logOut(token);
        }
    }

    private String logIn(String login, char[] password, String totp) throws IOException, CheckFailed {
        String credentials = Json.createObjectBuilder().add("login", login).add("password", new String(password))
                .add("totp", totp).build().toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new CheckFailed("the gateway refused the login of " + login + ": "
                    + refusal(response.body(), response.statusCode()));
        }
        return json(response.body()).getString("token");
    }

    private void logOut(String token) {
        try {
            send(HttpRequest.newBuilder(api.resolve("sessions")).header("Authorization", "Bearer " + token)
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException notLoggedOut) {
            progress.println("Note: the session could not be closed (" + notLoggedOut.getMessage()
                    + "); it ends by itself when it expires");
        }
    }

    /** Copies the export line by line into a hidden partial file, counting, and gives it its name at the end. */
    private Exported save(InputStream body, Path file) throws IOException {
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        long events = 0;
        long checkpoints = 0;
        long first = -1;
        long last = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(line);
                out.write('\n');
                if (line.startsWith("{\"type\":\"event\"")) {
                    Matcher seq = SEQ.matcher(line);
                    last = seq.find() ? Long.parseLong(seq.group(1)) : last;
                    first = first < 0 ? last : first;
                    if (++events % PROGRESS_EVERY == 0) {
                        progress.printf("  %,d events received%n", events);
                    }
                } else {
                    checkpoints++;
                }
            }
        } catch (IOException | RuntimeException interrupted) {
            Files.deleteIfExists(partial);
            throw interrupted;
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return new Exported(events, first, last, checkpoints);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to " + api, interrupted);
        } catch (IOException unreachable) {
            throw new IOException("the gateway at " + api + " could not be reached: " + unreachable, unreachable);
        }
    }

    private static String refusal(InputStream body, int status) throws IOException {
        return refusal(new String(body.readAllBytes(), StandardCharsets.UTF_8), status);
    }

    /** The gateway's own words ({@code {"error", "message"}}), or the HTTP status where it gave none. */
    private static String refusal(String body, int status) {
        try {
            JsonObject error = json(body);
            return error.getString("message", "HTTP " + status) + " (" + error.getString("error", "HTTP " + status)
                    + ")";
        } catch (JsonException | ClassCastException notJson) {
            return "HTTP " + status;
        }
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
