package jp.sekisho.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.shared.Refused;

/**
 * Every value of every API request is checked against {@link InputField} before a resource sees it: path and query
 * parameters by name, and the body as a whole — its size, its JSON nesting, and each member by name and kind. One
 * check for every operation, so that a new endpoint is covered without anything more; a refusal names the field.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class RequestLimits implements ContainerRequestFilter {

    /** The largest body any operation takes: a channel with its certificate and contract is well under 64 KiB. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    /** The deepest JSON any operation takes is 3 (a body, its data contract, a list in it). */
    static final int MAX_JSON_DEPTH = 8;
    /** Methods no operation of this API reads a body for. */
    private static final java.util.Set<String> BODILESS = java.util.Set.of("GET", "DELETE", "HEAD", "OPTIONS");
    /** Digits of a whole number that still fits a long; more is refused before any arithmetic is tried. */
    private static final int MAX_NUMBER_DIGITS = 19;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getPathParameters().entrySet()) {
            InputField field = InputField.named(parameter.getKey()).orElseThrow(() -> new IllegalStateException(
                    "Path parameter '" + parameter.getKey() + "' has no limit in InputField"));
            parameter.getValue().forEach(field::checkText);
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            InputField field = InputField.named(parameter.getKey()).orElseThrow(() -> new Refused(
                    Refused.Kind.INVALID, "unknown-parameter", "This operation takes no parameter '"
                            + InputField.printable(parameter.getKey()) + "'"));
            if (parameter.getValue().size() > 1) {
                throw new Refused(Refused.Kind.INVALID, "repeated-parameter", "The parameter '" + field.fieldName()
                        + "' is given more than once");
            }
            parameter.getValue().forEach(field::checkText);
        }
        String declaredLength = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null && (!declaredLength.trim().matches("[0-9]{1,12}")
                || Long.parseLong(declaredLength.trim()) > MAX_BODY_BYTES)) {
            throw tooLarge();
        }
        if (!request.hasEntity()) {
            return;
        }
        byte[] body = readAtMost(request.getEntityStream(), MAX_BODY_BYTES);
        request.setEntityStream(new ByteArrayInputStream(body));
        if (body.length > 0 && BODILESS.contains(request.getMethod())) {
            throw new Refused(Refused.Kind.INVALID, "unexpected-body", request.getMethod() + " takes no request body");
        }
        String text = utf8(body);
        if (!text.isBlank()) {
            checkBody(text);
        }
    }

    /** The body as the resources will read it: one JSON object whose members are declared fields. */
    static void checkBody(String text) {
        checkDepth(text);
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException | NumberFormatException notJson) {
            throw new Refused(Refused.Kind.INVALID, "invalid-json", "The request body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refused(Refused.Kind.INVALID, "invalid-json", "The request body must be a JSON object");
        }
        checkMembers(value.asJsonObject());
    }

    private static void checkMembers(JsonObject object) {
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            InputField field = InputField.named(member.getKey()).orElseThrow(() -> new Refused(Refused.Kind.INVALID,
                    "unknown-field", "There is no field '" + InputField.printable(member.getKey()) + "' in this API"));
            check(field, member.getValue());
        }
    }

    private static void check(InputField field, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return;
        }
        if (field.isList()) {
            if (!(value instanceof JsonArray list) || list.size() > field.maxItems) {
                throw field.invalid();
            }
            list.forEach(item -> checkSingle(field, item));
            return;
        }
        checkSingle(field, value);
    }

    private static void checkSingle(InputField field, JsonValue value) {
        switch (field.kind) {
            case WHOLE_NUMBER -> field.checkNumber(wholeNumber(field, value));
            case BOOLEAN -> {
                if (value.getValueType() != JsonValue.ValueType.TRUE
                        && value.getValueType() != JsonValue.ValueType.FALSE) {
                    throw field.invalid();
                }
            }
            case OBJECT -> {
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw field.invalid();
                }
                checkMembers(value.asJsonObject());
            }
            default -> {
                if (!(value instanceof JsonString string)) {
                    throw field.invalid();
                }
                field.checkText(string.getString());
            }
        }
    }

    private static long wholeNumber(InputField field, JsonValue value) {
        if (!(value instanceof JsonNumber number)) {
            throw field.invalid();
        }
        // 1e400 and 1.5 are numbers in JSON, but no whole number this API takes; decided without expanding them.
        java.math.BigDecimal exact = number.bigDecimalValue();
        if (exact.scale() > 0 && exact.stripTrailingZeros().scale() > 0
                || exact.precision() - exact.scale() > MAX_NUMBER_DIGITS) {
            throw field.invalid();
        }
        try {
            return exact.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw field.invalid();
        }
    }

    /** Refuses nesting deeper than any operation takes, before a parser recurses into it. */
    private static void checkDepth(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_JSON_DEPTH) {
                    throw new Refused(Refused.Kind.INVALID, "json-too-deep", "The request body nests JSON deeper "
                            + "than " + MAX_JSON_DEPTH + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge();
        }
        return body;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new Refused(Refused.Kind.INVALID, "invalid-encoding", "The request body is not UTF-8");
        }
    }

    private static Refused tooLarge() {
        return new Refused(Refused.Kind.TOO_LARGE, "request-too-large", "A request body is at most "
                + MAX_BODY_BYTES / 1024 + " KiB");
    }

}
