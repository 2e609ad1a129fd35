package jp.sekisho.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The body the gateway signs and officials confirm: written in one canonical form, and read back whole. */
class DeletionStatementTest {

    private static final Instant DELETED_AT = Instant.parse("2026-06-21T09:30:00.123456Z");
    private static final DeletionStatement WITHDRAWN = new DeletionStatement("7f1c2d3e-0000-4000-8000-000000000001",
            "2026-06-21-refresh", "benefits-to-callcenter", null, "WITHDRAWN", "WITHDRAWN",
            List.of(new DeletionStatement.DeletedFile("residents.csv", "ab".repeat(32), 4242)),
            List.of(new DeletionStatement.UnrecordedObject("0b7e2f4c-1111-4000-8000-000000000002.p7m", "late.csv",
                    "cd".repeat(32), 977, Instant.parse("2026-06-21T09:29:59Z"))), DELETED_AT);

    @Test
    void aStatementIsWrittenCanonicallyAndReadsBackAsWritten() {
        String json = WITHDRAWN.toJson();
        assertEquals("{\"format\":\"sekisho-deletion-certificate/2\",\"batchId\":\"7f1c2d3e-0000-4000-8000-"
                + "000000000001\",\"batchName\":\"2026-06-21-refresh\",\"channel\":\"benefits-to-callcenter\","
                + "\"manifestDigest\":null,\"finalState\":\"WITHDRAWN\",\"reason\":\"WITHDRAWN\",\"files\":[{\"name\":"
                + "\"residents.csv\",\"sealedSha256\":\"" + "ab".repeat(32) + "\",\"sealedSize\":4242}],"
                + "\"unrecordedObjects\":[{\"object\":\"0b7e2f4c-1111-4000-8000-000000000002.p7m\",\"name\":"
                + "\"late.csv\",\"sha256\":\"" + "cd".repeat(32) + "\",\"size\":977,\"foundAt\":"
                + "\"2026-06-21T09:29:59Z\"}],\"deletedAt\":\"2026-06-21T09:30:00.123456Z\"}", json);
        assertEquals(WITHDRAWN, DeletionStatement.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aStatementOfTheFirstFormatReadsWithNoUnrecordedObjects() {
        String first = "{\"format\":\"sekisho-deletion-certificate/1\",\"batchId\":\"7f1c2d3e-0000-4000-8000-"
                + "000000000001\",\"batchName\":\"2026-06-21-refresh\",\"channel\":\"benefits-to-callcenter\","
                + "\"manifestDigest\":null,\"finalState\":\"WITHDRAWN\",\"reason\":\"WITHDRAWN\",\"files\":[{\"name\":"
                + "\"residents.csv\",\"sealedSha256\":\"" + "ab".repeat(32) + "\",\"sealedSize\":4242}],\"deletedAt\":"
                + "\"2026-06-21T09:30:00.123456Z\"}";
        DeletionStatement read = DeletionStatement.parse(first.getBytes(StandardCharsets.UTF_8));
        assertEquals(WITHDRAWN.files(), read.files());
        assertEquals(List.of(), read.unrecordedObjects());
    }

    @Test
    void japaneseFileNamesAreWrittenAsUtf8TextAndReadBackUnchanged() {
        DeletionStatement japanese = new DeletionStatement(WITHDRAWN.batchId(), WITHDRAWN.batchName(),
                WITHDRAWN.channel(), null, "DELIVERED", "DELIVERED", List.of(new DeletionStatement.DeletedFile(
                        "住民基本台帳_2022.csv", "ab".repeat(32), 4242)), List.of(), WITHDRAWN.deletedAt());

        byte[] signed = japanese.toJson().getBytes(StandardCharsets.UTF_8);
        assertTrue(new String(signed, StandardCharsets.UTF_8).contains("\"name\":\"住民基本台帳_2022.csv\""));
        assertEquals(japanese, DeletionStatement.parse(signed));
    }

    @Test
    void anythingElseIsRefusedSayingWhy() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DeletionStatement
                .parse("{\"format\":\"sekisho-receipt/1\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("its format is not sekisho-deletion-certificate/2 (or sekisho-deletion-certificate/1)",
                refused.getMessage());
    }
}
