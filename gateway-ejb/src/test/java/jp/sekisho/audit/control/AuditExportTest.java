package jp.sekisho.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.AuditExport.ExportedEvent;
import jp.sekisho.formats.AuditExport.MalformedExport;
import jp.sekisho.formats.ChainHasher;

/** The export's JSON Lines: what the gateway writes is read back as exactly what the chain hashed. */
class AuditExportTest {

    private static final Instant AT = Instant.parse("2026-06-21T09:30:00.123456Z");

    @Test
    void anEventOfTheGatewayReadsBackAsTheContentItsHashCovers() throws IOException {
        AuditRecord refusal = AuditRecord.denied("callcenter", AuditAction.SFTP_OPERATION_REFUSED,
                "remove \"/a\\b\"", null, "203.0.113.5", "削除不可\n\ttab");
        String hash = ChainHasher.hash(ChainHasher.GENESIS, ChainHasher.canonicalEvent(refusal.content(1, AT)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditExport.Writer writer = new AuditExport.Writer(out)) {
            writer.write(new AuditEvent(1, AT, refusal, ChainHasher.GENESIS, hash).exported());
        }
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(text.startsWith("{\"type\":\"event\",\"v\":1,\"seq\":1,\"at\":\"2026-06-21T09:30:00.123456Z\","
                + "\"actor\":\"callcenter\",\"action\":\"SFTP_OPERATION_REFUSED\",\"outcome\":\"DENIED\","
                + "\"subject\":\"remove \\\"/a\\\\b\\\"\",\"batch\":null,\"client\""), text);
        assertTrue(text.endsWith("\"hash\":\"" + hash + "\"}\n"), "one line: " + text);
        ExportedEvent read = (ExportedEvent) reader(text).next();
        assertEquals(ChainHasher.canonicalEvent(refusal.content(1, AT)), ChainHasher.canonicalEvent(read.content()));
        assertEquals(hash, read.hash());
    }

    @Test
    void anOmittedFieldAndANullFieldReadAlike() throws IOException {
        String omitted = "{\"type\":\"event\",\"seq\":3,\"at\":\"x\",\"prevHash\":\"" + ChainHasher.GENESIS
                + "\",\"hash\":\"" + ChainHasher.GENESIS + "\"}";
        String nulls = omitted.replace("\"at\":\"x\"", "\"at\":\"x\",\"detail\":null,\"batch\":null");

        assertEquals(reader(omitted).next(), reader(nulls).next());
        assertNull(((ExportedEvent) reader(nulls).next()).content().detail());
    }

    @Test
    void readsOneLineAtATimeAndCountsLines() throws IOException {
        String event = "{\"type\":\"event\",\"seq\":%d,\"prevHash\":\"" + ChainHasher.GENESIS + "\",\"hash\":\""
                + ChainHasher.GENESIS + "\"}";
        AuditExport.Reader reader = reader(String.format(event, 1) + "\r\n" + String.format(event, 2));

        assertEquals(1, ((ExportedEvent) reader.next()).seq());
        assertEquals(2, ((ExportedEvent) reader.next()).seq());
        assertEquals(2, reader.lineNumber());
        assertNull(reader.next());
    }

    @Test
    void refusesWhatTheHashDoesNotCoverOrCannotBeReadOneWay() {
        String good = "{\"type\":\"event\",\"seq\":1,\"prevHash\":\"" + ChainHasher.GENESIS + "\",\"hash\":\""
                + ChainHasher.GENESIS + "\"}";
        assertMalformed(good.replace("\"seq\":1", "\"seq\":1,\"note\":\"approved\""), "the field \"note\"");
        assertMalformed(good.replace("\"seq\":1", "\"seq\":1,\"seq\":2"), "names the field \"seq\" twice");
        assertMalformed(good.replace("\"seq\":1", "\"seq\":1,\"head\":\"x\""), "which the signature or hash");
        assertMalformed(good.replace("event", "comment"), "has the type \"comment\"");
        assertMalformed(good.replace("\"seq\":1", "\"seq\":1,\"v\":2"), "form v2, newer than this verifier");
        assertMalformed(good.replace("\"seq\":1", "\"seq\":1.5"), "is not a positive whole number");
        assertMalformed(good.replace("\"seq\":1", "\"seq\":\"1\""), "its seq is not a number");
        assertMalformed(good.replace(ChainHasher.GENESIS + "\"}", "0".repeat(63) + "A\"}"), "its hash is not 64");
        assertMalformed(good + " {}", "is not one JSON object");
        assertMalformed("\n" + good, "is not one JSON object");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"type\":\"event\",\"actor\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        MalformedExport malformed = assertThrows(MalformedExport.class,
                () -> new AuditExport.Reader(new ByteArrayInputStream(latin1)).next());
        assertTrue(malformed.getMessage().contains("line 1: is not UTF-8 text"), malformed.getMessage());
    }

    @Test
    void theHashedTimeIsTheStoredMicroseconds() {
        Instant stored = Instant.parse("2026-06-21T09:30:00.123456789Z").truncatedTo(ChronoUnit.MICROS);

        assertEquals("2026-06-21T09:30:00.123456Z", (AuditRecord.success("gateway",
                AuditAction.GATEWAY_STARTED, null, null, null, null)).content(1, stored).at());
    }

    private static void assertMalformed(String line, String saying) {
        MalformedExport malformed = assertThrows(MalformedExport.class, () -> reader(line).next(), line);
        assertTrue(malformed.getMessage().contains(saying), malformed.getMessage());
        assertEquals(1, malformed.lineNumber());
    }

    private static AuditExport.Reader reader(String text) {
        return new AuditExport.Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

}
