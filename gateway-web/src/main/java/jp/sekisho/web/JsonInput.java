package jp.sekisho.web;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import jp.sekisho.shared.Refused;

/** Request bodies: a JSON object, read strictly, with errors that name the field. */
final class JsonInput {

    private final JsonObject object;

    private JsonInput(JsonObject object) {
        this.object = object;
    }

    static JsonInput parse(String body) {
        if (body == null || body.isBlank()) {
            return new JsonInput(JsonValue.EMPTY_JSON_OBJECT);
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Refused(Refused.Kind.INVALID, "invalid-json", "The request body must be a JSON object");
            }
            return new JsonInput(value.asJsonObject());
        } catch (jakarta.json.JsonException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-json", "The request body is not valid JSON");
        }
    }

    String required(String field) {
        String value = optional(field);
        if (value == null || value.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "missing-field", "The field '" + field + "' is required");
        }
        return value;
    }

    String optional(String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' must be a string");
    }

    boolean optionalBoolean(String field, boolean absent) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return absent;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' must be true or false");
    }

    long requiredNumber(String field) {
        Long number = optionalNumber(field);
        if (number == null) {
            throw new Refused(Refused.Kind.INVALID, "missing-field", "The number '" + field + "' is required");
        }
        return number;
    }

    /** A whole number, or null when absent; anything else is refused naming the field. */
    Long optionalNumber(String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof jakarta.json.JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException tooLarge) {
                // refused below
            }
        }
        throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' must be a whole number");
    }

    /** A nested object read the same strict way; absent reads as an empty object. */
    JsonInput nested(String field) {
        JsonObject nested = object(field);
        return new JsonInput(nested == null ? JsonValue.EMPTY_JSON_OBJECT : nested);
    }

    /** A nested object, or null when absent. */
    jakarta.json.JsonObject object(String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field + "' must be an object");
        }
        return value.asJsonObject();
    }

    /** A list that must be present, even if empty: a PUT states the whole new state, and silence is not a state. */
    java.util.List<String> requiredStrings(String field) {
        if (object.get(field) == null || object.get(field).getValueType() == JsonValue.ValueType.NULL) {
            throw new Refused(Refused.Kind.INVALID, "missing-field", "The field '" + field + "' is required (a list,"
                    + " possibly empty)");
        }
        return strings(field);
    }

    java.util.List<String> strings(String field) {
        JsonValue value = object.get(field);
        if (value == null) {
            return java.util.List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY
                || !value.asJsonArray().stream().allMatch(JsonString.class::isInstance)) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + field
                    + "' must be a list of strings");
        }
        return value.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
