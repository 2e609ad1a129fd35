package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console over HTTPS without a browser: one official's cookie jar, the pages as HTML and their forms as the
 * browser would send them. For sweeping every form with what no browser sends.
 */
final class ConsoleSession {

    private static final Pattern FORM = Pattern.compile("(?s)<form\\b([^>]*)>(.*?)</form>");
    private static final Pattern INPUT = Pattern.compile("(?s)<input\\b([^>]*)>");
    private static final Pattern TEXTAREA = Pattern.compile("(?s)<textarea\\b([^>]*)>(.*?)</textarea>");
    private static final Pattern SELECT = Pattern.compile("(?s)<select\\b([^>]*)>(.*?)</select>");
    private static final Pattern OPTION = Pattern.compile("(?s)<option\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:.-]+)=\"([^\"]*)\"");

    private final String httpsBase;
    private final HttpClient http;

    ConsoleSession(URL base) {
        this.httpsBase = Browser.httpsBase(base);
        this.http = HttpClient.newBuilder().sslContext(Https.context())
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A page as the gateway answered it. */
    record Page(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst().orElse("");
        }

        List<Form> forms() {
            List<Form> forms = new ArrayList<>();
            Matcher form = FORM.matcher(body);
            while (form.find()) {
                Map<String, String> formAttributes = attributes(form.group(1));
                if (!"post".equalsIgnoreCase(formAttributes.getOrDefault("method", "get"))) {
                    continue;
                }
                forms.add(Form.parse(formAttributes.get("id"), html(formAttributes.get("action")), form.group(2)));
            }
            return forms;
        }
    }

    /** One form: its fields with the values the page gave them, and its first button. */
    record Form(String id, String action, Map<String, String> fields, String button, String buttonValue) {

        static Form parse(String id, String action, String content) {
            Map<String, String> fields = new LinkedHashMap<>();
            String button = null;
            String buttonValue = null;
            Matcher input = INPUT.matcher(content);
            while (input.find()) {
                Map<String, String> attributes = attributes(input.group(1));
                String name = attributes.get("name");
                String type = attributes.getOrDefault("type", "text");
                if (name == null) {
                    continue;
                }
                if (type.equals("submit")) {
                    if (button == null) {
                        button = name;
                        buttonValue = attributes.getOrDefault("value", "");
                    }
                } else if (!type.equals("checkbox") && !type.equals("radio") || attributes.containsKey("checked")) {
                    fields.putIfAbsent(name, html(attributes.getOrDefault("value", "")));
                }
            }
            Matcher textarea = TEXTAREA.matcher(content);
            while (textarea.find()) {
                fields.put(attributes(textarea.group(1)).get("name"), html(textarea.group(2)));
            }
            Matcher select = SELECT.matcher(content);
            while (select.find()) {
                String chosen = null;
                Matcher option = OPTION.matcher(select.group(2));
                while (option.find()) {
                    Map<String, String> attributes = attributes(option.group(1));
                    if (chosen == null || attributes.containsKey("selected")) {
                        chosen = html(attributes.getOrDefault("value", ""));
                    }
                }
                fields.put(attributes(select.group(1)).get("name"), chosen == null ? "" : chosen);
            }
            return new Form(id, action, fields, button, buttonValue);
        }

        /** The fields a person types or chooses: everything but the form's marker and the view's id. */
        List<String> typedFields() {
            return fields.keySet().stream().filter(name -> !name.equals(id) && !name.contains("ViewState")).toList();
        }
    }

    Page get(String pathUnderContext) {
        return send(HttpRequest.newBuilder(URI.create(httpsBase + pathUnderContext)).GET());
    }

    Page post(String action, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return postRaw(action, body.toString());
    }

    Page postRaw(String action, String urlEncodedBody) {
        String target = action.startsWith("http") ? action : httpsBase.replaceAll("(https://[^/]+).*", "$1")
                + action;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncodedBody));
        if (urlEncodedBody.length() > 1024 * 1024) {
            // As a careful client of a large upload: the gateway answers from the headers, before the body is sent.
            request.version(HttpClient.Version.HTTP_1_1).expectContinue(true);
        }
        return send(request);
    }

    /** Submits a form with its first button, some fields changed. */
    Page submit(Form form, Map<String, String> changed) {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.putAll(changed);
        if (form.button() != null) {
            fields.put(form.button(), form.buttonValue());
        }
        return post(form.action(), fields);
    }

    /** Signs in at the login page with the demo official's password and a fresh code. */
    void logIn(String login) {
        Page page = get("/console/login.xhtml");
        Form signin = page.forms().stream().filter(form -> "signin".equals(form.id())).findFirst().orElseThrow();
        Page signedIn = submit(signin, Map.of("signin:login", login, "signin:password",
                Gateway.official(login).getString("password"), "signin:totp", Gateway.freshTotp(login)));
        if (signedIn.status() >= 400 || signedIn.body().contains("id=\"signin\"")) {
            throw new AssertionError("console login of " + login + " failed: " + signedIn.status());
        }
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                String location = response.headers().firstValue("Location").orElseThrow();
                return send(HttpRequest.newBuilder(URI.create(response.uri().resolve(location).toString())).GET());
            }
            return new Page(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        if (tag.contains(" checked")) {
            attributes.putIfAbsent("checked", "checked");
        }
        if (tag.contains(" selected")) {
            attributes.putIfAbsent("selected", "selected");
        }
        return attributes;
    }

    private static String html(String text) {
        return text == null ? null : text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
