package jp.sekisho.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one form that manifests and audit events are hashed in: exact strings, byte for byte. */
class CanonicalJsonTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"say \\\"はい\\\" to C:\\\\data\\\\out\"", CanonicalJson.write("say \"はい\" to C:\\data\\out"));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\nb\\rc\\td\\be\\ff\"", CanonicalJson.write("a\nb\rc\td\be\ff"));
        assertEquals("\"\\u0000\\u0001\\u001b\\u001f\"", CanonicalJson.write("\u0000\u0001\u001b\u001f"));
    }

    @Test
    void printableAsciiIsWrittenAsIs() {
        assertEquals("\"/benefit-notices/2025-04 residents.csv ~!@#$%^&*()<>'\"",
                CanonicalJson.write("/benefit-notices/2025-04 residents.csv ~!@#$%^&*()<>'"));
    }

    @Test
    void nonAsciiTextIsKeptAsUtf8Text() {
        String json = CanonicalJson.write("港区役所 日本語 é 😀");

        assertEquals("\"港区役所 日本語 é 😀\"", json);
        assertArrayEquals(("\"港区役所 日本語 é 😀\"").getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldOrderIsTheOrderGiven() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("z", 1);
        fields.put("a", 2);
        fields.put("m", 3);

        assertEquals("{\"z\":1,\"a\":2,\"m\":3}", CanonicalJson.write(fields));
    }

    @Test
    void nullsAreKept() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", null);
        fields.put("items", Arrays.asList("a", null));

        assertEquals("{\"reason\":null,\"items\":[\"a\",null]}", CanonicalJson.write(fields));
        assertEquals("null", CanonicalJson.write(null));
    }

    @Test
    void nestedValuesHaveNoInsignificantWhitespace() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", "residents.csv");
        file.put("size", 5_000_000_000L);
        file.put("records", 0);
        file.put("header", true);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "sekisho-manifest/1");
        manifest.put("files", List.of(file));
        manifest.put("empty", List.of());
        manifest.put("nothing", Map.of());

        assertEquals("{\"format\":\"sekisho-manifest/1\",\"files\":[{\"name\":\"residents.csv\",\"size\":5000000000,"
                + "\"records\":0,\"header\":true}],\"empty\":[],\"nothing\":{}}", CanonicalJson.write(manifest));
    }

    @Test
    void keysAreEscapedLikeValues() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("a\"b\n", "v");

        assertEquals("{\"a\\\"b\\n\":\"v\"}", CanonicalJson.write(fields));
    }

    @Test
    void valuesWithoutOneCanonicalFormAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(1.5d));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(new BigDecimal("1.50")));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("at", Instant.EPOCH)));
    }
}
