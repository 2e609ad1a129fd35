package jp.sekisho.system;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One operation of the API as the gateway's own OpenAPI document lists it: the sweeps read them from there, so that an
 * endpoint added later is swept without editing a test.
 */
record ApiOperation(String method, String template, boolean takesBody, List<String> pathParameters,
        List<String> queryParameters) {

    /** Every operation of the gateway at {@code base}, from {@code /openapi}. */
    static List<ApiOperation> of(URL base) throws IOException, InterruptedException {
        URI openapi = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/openapi");
        HttpResponse<String> document = Https.client().send(HttpRequest.newBuilder(openapi)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        JsonObject paths = Json.createReader(new StringReader(document.body())).readObject().getJsonObject("paths");
        List<ApiOperation> operations = new ArrayList<>();
        for (String path : paths.keySet()) {
            for (Map.Entry<String, JsonValue> method : paths.getJsonObject(path).entrySet()) {
                JsonObject operation = method.getValue().asJsonObject();
                List<String> inPath = new ArrayList<>();
                List<String> inQuery = new ArrayList<>();
                for (JsonObject parameter : operation.getJsonArray("parameters") == null ? List.<JsonObject>of()
                        : operation.getJsonArray("parameters").getValuesAs(JsonObject.class)) {
                    if ("path".equals(parameter.getString("in"))) {
                        inPath.add(parameter.getString("name"));
                    } else if ("query".equals(parameter.getString("in"))) {
                        inQuery.add(parameter.getString("name"));
                    }
                }
                operations.add(new ApiOperation(method.getKey().toUpperCase(Locale.ROOT), path,
                        operation.containsKey("requestBody"), inPath, inQuery));
            }
        }
        return operations;
    }
}
