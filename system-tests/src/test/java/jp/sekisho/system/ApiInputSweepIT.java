package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Hostile input to every operation of the API, as each role and as nobody: every answer is a 4xx in the one error
 * shape, names no class, table or SQL, changes nothing, and is audited. The operations come from the gateway's own
 * OpenAPI document and the fields from docs/limits.md, so a new endpoint or field is swept without editing this test.
 */
class ApiInputSweepIT extends GatewayIT {

    /** Nobody comes from an address of their own, so that their refusals can be told apart in the audit trail. */
    private static final String NOBODYS_ADDRESS = "127.0.0.9";
    private static final List<String> OFFICIALS = List.of("requester", "approver1", "auditor", "admin");
    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)jp\\.sekisho|java\\.|jakarta\\.|org\\.|exception|\\bsql\\b|select\\s|insert\\s|stack|\\bat\\s+\\w+\\.");
    private static final List<String> INPUT_REFUSALS = List.of("invalid-field", "unknown-field", "invalid-json",
            "json-too-deep", "request-too-large", "invalid-encoding", "unknown-parameter", "unexpected-body");

    /** Who must refuse a probe, and how. */
    private enum Expected {
        /** The gateway's input check: a 4xx in the error shape with an input reason, audited. */
        INPUT_CHECK,
        /** Any rule of the gateway: a 4xx in the error shape, audited. */
        ANY_RULE,
        /**
         * Payara's HTTP layer, before any application code: an encoded NUL in a path is a malformed request it answers
         * 400 without a body, so neither the gateway's words nor its audit trail see it (docs/limits.md says so).
         */
        HTTP_LAYER
    }

    /** One hostile request and who must refuse it. */
    private record Probe(String what, String target, byte[] body, Expected expected) {
    }

    @Test
    void everyOperationRefusesHostileInputCleanlyAsEveryRoleAndAsNobody() throws Exception {
        Gateway gateway = gateway();
        List<ApiOperation> operations = ApiOperation.of(base);
        assertTrue(operations.size() >= 30, "the OpenAPI document lists the API: " + operations);
        Map<String, String> limits = declaredLimits();
        List<String> fields = new ArrayList<>(limits.keySet());
        Map<String, String> realValues = realPathValues(gateway);
        Map<String, String> tokens = new LinkedHashMap<>();
        OFFICIALS.forEach(login -> tokens.put(login, gateway.login(login)));
        long head = gateway.lastSeq();
        String before = snapshot(gateway, realValues.get("batch"));

        Map<String, Integer> refusedPerCaller = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int rotation = 0;
        for (ApiOperation operation : operations) {
            List<Probe> probes = probes(operation, realValues, limits, rotation++, RawHttp.from(base, "127.0.0.1")
                    .contextPath());
            for (String caller : callers()) {
                RawHttp client = RawHttp.from(base, caller == null ? NOBODYS_ADDRESS : "127.0.0.1");
                for (Probe probe : probes) {
                    RawHttp.Response response = client.send(operation.method(), probe.target(),
                            headers(caller == null ? null : tokens.get(caller)), probe.body());
                    String problem = problem(operation, probe, caller, response);
                    if (problem != null) {
                        failures.add(problem);
                    }
                    if (probe.expected() != Expected.HTTP_LAYER) {
                        refusedPerCaller.merge(String.valueOf(caller), 1, Integer::sum);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " answers were not clean refusals:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertEquals(before, snapshot(gateway, realValues.get("batch")), "nothing changed");

        List<JsonObject> events = gateway.eventsAfter(head);
        for (String official : OFFICIALS) {
            long refusals = events.stream().filter(event -> official.equals(event.getString("actor"))
                    && "API_OPERATION_REFUSED".equals(event.getString("action"))).count();
            assertEquals(refusedPerCaller.get(official).longValue(), refusals,
                    "every refusal of " + official + " is in the audit trail, once");
        }
        List<String> nobodys = events.stream().filter(event -> NOBODYS_ADDRESS.equals(event.getString("client", "")))
                .map(event -> event.getString("action")).toList();
        assertEquals(List.of("REQUEST_REFUSED"), nobodys, "a stranger's " + refusedPerCaller.get("null")
                + " refusals: the first in full, the rest counted for one report when the window ends");
    }

    /** What is wrong with an answer, or null when it is a clean refusal. */
    private static String problem(ApiOperation operation, Probe probe, String caller, RawHttp.Response response) {
        String where = operation.method() + " " + operation.template() + " [" + probe.what() + "] as "
                + (caller == null ? "nobody" : caller) + ": ";
        if (response.status() < 400 || response.status() >= 500) {
            return where + response.status() + " " + abbreviated(response.body());
        }
        if (probe.expected() == Expected.HTTP_LAYER) {
            return response.status() == 400 ? null : where + response.status() + " from the HTTP layer";
        }
        JsonObject error;
        try {
            error = Json.createReader(new StringReader(response.body())).readObject();
        } catch (RuntimeException notJson) {
            return where + response.status() + " not the JSON error shape: " + abbreviated(response.body());
        }
        if (!(error.get("error") instanceof jakarta.json.JsonString)
                || !(error.get("message") instanceof jakarta.json.JsonString)) {
            return where + "not the JSON error shape: " + error;
        }
        if (INTERNALS.matcher(response.body()).find()) {
            return where + "names internals: " + error;
        }
        boolean reachedTheCheck = caller != null || operation.template().equals("/api/sessions")
                && operation.method().equals("POST");
        if (probe.expected() == Expected.INPUT_CHECK && reachedTheCheck
                && !INPUT_REFUSALS.contains(error.getString("error"))) {
            return where + "refused, but not by the input check: " + error;
        }
        return null;
    }

    private List<Probe> probes(ApiOperation operation, Map<String, String> realValues, Map<String, String> limits,
            int rotation, String contextPath) {
        List<String> fields = new ArrayList<>(limits.keySet());
        List<Probe> probes = new ArrayList<>();
        String target = contextPath + target(operation, realValues);
        String field = fields.get(rotation % fields.size());
        String otherField = fields.get((rotation * 7 + 3) % fields.size());
        Map<String, JsonValue> hostile = new LinkedHashMap<>();
        hostile.put("over-long text", Json.createValue("x".repeat(20_000)));
        hostile.put("control characters", Json.createValue("a\u0000b\u001bc"));
        hostile.put("bidirectional override", Json.createValue("gnp.\u202Eexe"));
        hostile.put("wrong type", Json.createArrayBuilder().add(1).build());
        hostile.put("huge number", Json.createValue(new java.math.BigDecimal("1e400")));
        hostile.put("fraction", Json.createValue(1.5));
        hostile.put("date far away", Json.createValue("+999999999-01-01"));
        int i = 0;
        for (Map.Entry<String, JsonValue> value : hostile.entrySet()) {
            String name = i++ % 2 == 0 ? field : otherField;
            JsonObject body = Json.createObjectBuilder().add(name, value.getValue()).build();
            // A far date is text like any other to a field that is not a date: only a date field must refuse it.
            boolean mustRefuse = !value.getKey().equals("date far away") || name.equals("useUntil");
            if (mustRefuse) {
                probes.add(new Probe(name + " " + value.getKey(), target, bytes(body.toString()),
                        Expected.INPUT_CHECK));
            }
        }
        probes.add(new Probe("JSON 10000 deep", target, bytes("[".repeat(10_000) + "]".repeat(10_000)), Expected.INPUT_CHECK));
        probes.add(new Probe("not an object", target, bytes("[\"a\"]"), Expected.INPUT_CHECK));
        probes.add(new Probe("not JSON", target, bytes("{\"purpose\": "), Expected.INPUT_CHECK));
        probes.add(new Probe("not UTF-8", target, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},
                Expected.INPUT_CHECK));
        probes.add(new Probe("300 KiB body", target, bytes("{\"purpose\":\"" + "x".repeat(300 * 1024) + "\"}"),
                Expected.INPUT_CHECK));
        if (operation.takesBody()) {
            probes.add(new Probe("empty body", target, new byte[0], Expected.ANY_RULE));
        }
        for (String parameter : operation.pathParameters()) {
            for (String[] bad : new String[][] {{"over-long", "a".repeat(300)}, {"NUL", "a%00b"},
                    {"override", "a%E2%80%AEb"}, {"newline", "a%0Ab"}}) {
                probes.add(new Probe(parameter + " " + bad[0], (contextPath + operation.template())
                        .replace("{" + parameter + "}", bad[1]).replaceAll("\\{[a-z]+\\}", "x"), null,
                        bad[0].equals("NUL") ? Expected.HTTP_LAYER : Expected.INPUT_CHECK));
            }
        }
        if (operation.method().equals("GET")) {
            probes.add(new Probe("unknown parameter", target + "?zzz=1", null, Expected.INPUT_CHECK));
            for (String parameter : operation.queryParameters()) {
                boolean number = limits.getOrDefault(parameter, "").startsWith("a whole number");
                String[][] bad = number
                        ? new String[][] {{"huge", "1e400"}, {"fraction", "1.5"}, {"negative", "-1"},
                            {"too many digits", "9".repeat(30)}, {"text", "ten"}}
                        : new String[][] {{"over-long", "a".repeat(300)}, {"NUL", "a%00"}, {"escape", "a%1Bb"},
                            {"override", "a%E2%80%AEb"}, {"far date", "%2B999999999-01-01T00:00:00Z"}};
                for (String[] value : bad) {
                    // A far date is text like any other to a name; where the field is a time or a number, the rule
                    // that reads it must refuse it.
                    Expected expected = value[0].equals("far date") ? Expected.ANY_RULE : Expected.INPUT_CHECK;
                    if (value[0].equals("far date") && !parameter.equals("from") && !parameter.equals("to")) {
                        continue;
                    }
                    probes.add(new Probe(parameter + " " + value[0], target + "?" + parameter + "=" + value[1], null,
                            expected));
                }
            }
        }
        return probes;
    }

    private static String target(ApiOperation operation, Map<String, String> realValues) {
        String path = operation.template();
        Matcher parameter = Pattern.compile("\\{([a-z]+)\\}").matcher(path);
        StringBuilder filled = new StringBuilder();
        while (parameter.find()) {
            String kind = path.startsWith("/api/batches") ? "batch" : path.startsWith("/api/channels") ? "channel"
                    : path.startsWith("/api/accounts") ? "account" : path.startsWith("/api/officials") ? "official"
                    : "change";
            parameter.appendReplacement(filled, realValues.get(kind));
        }
        parameter.appendTail(filled);
        return filled.toString();
    }

    /** Real names and ids, so that a request the check let through would act on something that exists. */
    private Map<String, String> realPathValues(Gateway gateway) {
        String batch = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        TestFiles.csv(work, "residents.csv", 10);
        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir " + folder, "put residents.csv " + folder
                + "/residents.csv");
        assertTrue(pushed.succeeded(), pushed.output());
        return Map.of("batch", gateway.batchId(batch), "channel", Gateway.DEMO_CHANNEL, "account", "benefits",
                "official", "requester", "change", "999999");
    }

    /** What an administrator and an auditor can read: equal before and after, if nothing changed. */
    private static String snapshot(Gateway gateway, String batch) {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("accounts", "officials", "organizations", "channels", "channel-changes")) {
            state.append(gateway.call("GET", path, gateway.token("admin"), null).body()).append('\n');
        }
        state.append(gateway.call("GET", "batches/" + batch, gateway.token("requester"), null).body());
        return state.toString();
    }

    private static List<String> callers() {
        List<String> callers = new ArrayList<>(OFFICIALS);
        callers.add(null);
        return callers;
    }

    private static Map<String, String> headers(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    /** The fields of docs/limits.md's table, each with its limit in words. */
    private static Map<String, String> declaredLimits() throws IOException {
        Path limits = Path.of(System.getProperty("sekisho.test.repository", "..")).resolve("docs/limits.md");
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\| (.*) \\|$").matcher(Files.readString(limits));
        while (row.find()) {
            fields.put(row.group(1), row.group(2));
        }
        assertFalse(fields.isEmpty(), "docs/limits.md lists the fields");
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
