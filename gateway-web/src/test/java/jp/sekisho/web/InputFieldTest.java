package jp.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import jp.sekisho.shared.Refused;

/**
 * Every declared field refuses every hostile value of its class with a 4xx reason that names it, and
 * docs/limits.md states exactly the limits the gateway applies.
 */
class InputFieldTest {

    @Test
    void everyFieldRefusesEveryHostileValueNamingTheField() {
        for (InputField field : InputField.values()) {
            for (JsonValue hostile : hostileValues(field)) {
                String body = Json.createObjectBuilder().add(field.fieldName(), hostile).build().toString();
                Refused refused = assertThrows(Refused.class, () -> RequestLimits.checkBody(body),
                        field.fieldName() + " took " + abbreviated(body));
                assertEquals(Refused.Kind.INVALID, refused.kind(), body);
                assertTrue(refused.getMessage().contains("'" + field.fieldName() + "'")
                        || refused.reason().equals("unknown-field"), refused.getMessage());
            }
        }
    }

    @Test
    void everyFieldTakesAValueOfItsKind() {
        for (InputField field : InputField.values()) {
            JsonValue fine = goodValue(field);
            String body = Json.createObjectBuilder().add(field.fieldName(), fine).build().toString();
            assertDoesNotThrow(() -> RequestLimits.checkBody(body), body);
        }
        assertDoesNotThrow(() -> RequestLimits.checkBody("{\"purpose\":\"住民基本台帳の更新\\n二行目\","
                + "\"useUntil\":\"2027-03-31\",\"dataContract\":{\"csvColumns\":[\"住民コード\"],\"maxFiles\":3}}"));
    }

    @Test
    void bodiesThatNoOperationTakesAreRefusedBeforeParsingThemDeeply() {
        assertEquals("json-too-deep", reason("[".repeat(10_000) + "]".repeat(10_000)));
        assertEquals("json-too-deep", reason("{\"dataContract\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(21)));
        assertEquals("invalid-json", reason("[]"));
        assertEquals("invalid-json", reason("\"text\""));
        assertEquals("invalid-json", reason("{\"purpose\":"));
        assertEquals("unknown-field", reason("{\"class\":\"java.lang.Runtime\"}"));
        assertEquals("json-too-deep", reason("{\"s\":\"" + "{".repeat(5) + "\"," + "[".repeat(9)));
    }

    @Test
    void theDocumentStatesEveryLimit() throws IOException {
        Path document = Path.of("..", "docs", "limits.md");
        String text = Files.readString(document);
        String table = text.substring(text.indexOf("<!-- fields -->") + "<!-- fields -->".length(),
                text.indexOf("<!-- /fields -->")).strip();
        assertEquals(markdownTable(), table, "docs/limits.md differs from InputField; the expected table is above");
    }

    /** The table of docs/limits.md, as InputField declares it. */
    static String markdownTable() {
        StringBuilder table = new StringBuilder("| Field | Limit |\n|---|---|\n");
        for (InputField field : InputField.values()) {
            table.append("| `").append(field.fieldName()).append("` | ").append(field.limit()).append(" |\n");
        }
        return table.toString().strip();
    }

    private static String reason(String body) {
        return assertThrows(Refused.class, () -> RequestLimits.checkBody(body)).reason();
    }

    private static List<JsonValue> hostileValues(InputField field) {
        List<JsonValue> values = new ArrayList<>(List.of(Json.createArrayBuilder().add(1).build(),
                Json.createValue("x".repeat(100_000)), Json.createValue("a\u0000b"), Json.createValue(1.5),
                Json.createValue(new java.math.BigDecimal("1e400")), Json.createValue(new java.math.BigInteger(
                        "99999999999999999999999"))));
        // Not an object any field takes: a field that takes one takes only declared members.
        values.add(Json.createObjectBuilder().add("deep", 1).build());
        switch (field.kind) {
            case WHOLE_NUMBER -> {
                values.add(Json.createValue("12"));
                if (field.max < Long.MAX_VALUE) {
                    values.add(Json.createValue(field.max + 1));
                }
                values.add(Json.createValue(field.min - 1));
            }
            case BOOLEAN -> values.add(Json.createValue("true"));
            case OBJECT -> values.add(Json.createValue("{}"));
            default -> {
                values.add(Json.createValue("x".repeat(field.maxLength + 1)));
                values.add(Json.createValue("a\u202Eb"));
                values.add(Json.createValue("a\uD800b"));
                values.add(Json.createValue("a\u0007b"));
                values.add(JsonValue.TRUE);
                if (field.kind == InputField.Kind.DATE) {
                    values.add(Json.createValue("+999999999-01-01"));
                    values.add(Json.createValue("2026-02-30"));
                }
                if (field.kind != InputField.Kind.TEXT) {
                    values.add(Json.createValue("one\ntwo"));
                }
            }
        }
        if (field.isList()) {
            values.removeIf(value -> value.getValueType() == JsonValue.ValueType.ARRAY);
            List<JsonValue> lists = new ArrayList<>();
            for (JsonValue value : values) {
                if (value.getValueType() == JsonValue.ValueType.STRING && field.kind != InputField.Kind.WHOLE_NUMBER) {
                    lists.add(Json.createArrayBuilder().add(value).build());
                }
            }
            lists.add(Json.createArrayBuilder().add(1).build());
            lists.add(oneItemTooMany(field));
            values.addAll(lists);
        }
        return values;
    }

    private static JsonValue oneItemTooMany(InputField field) {
        jakarta.json.JsonArrayBuilder tooMany = Json.createArrayBuilder();
        for (int i = 0; i <= field.maxItems; i++) {
            tooMany.add(field.kind == InputField.Kind.NAME ? "a" + i : "item " + i);
        }
        return tooMany.build();
    }

    private static JsonValue goodValue(InputField field) {
        JsonValue single = switch (field.kind) {
            case WHOLE_NUMBER -> Json.createValue(field.min);
            case BOOLEAN -> JsonValue.TRUE;
            case OBJECT -> Json.createObjectBuilder().add("maxFiles", 1).build();
            case CODE -> Json.createValue("123456");
            case HEX -> Json.createValue("ab".repeat(32));
            case DATE -> Json.createValue("2027-03-31");
            case NAME -> Json.createValue("n".repeat(field.maxLength));
            default -> Json.createValue("住".repeat(field.maxLength));
        };
        return field.isList() ? Json.createArrayBuilder().add(single).build() : single;
    }

    private static String abbreviated(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
