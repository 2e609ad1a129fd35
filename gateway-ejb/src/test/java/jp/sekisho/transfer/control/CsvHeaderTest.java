package jp.sekisho.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.sekisho.shared.Refused;

class CsvHeaderTest {

    @Test
    void theHeaderIsReadAcrossWritesAndQuotesBomAndCarriageReturnAreRemoved() {
        CsvHeader header = new CsvHeader("/c/b/residents.csv");
        header.read(bytes("\uFEFFresident_id,\"na"));
        assertFalse(header.complete());
        header.read(bytes("me\", benefit_yen\r\n1,山田,1000\n"));
        assertTrue(header.complete());
        assertEquals(List.of("resident_id", "name", "benefit_yen"), header.columns());
    }

    @Test
    void tsvFilesAreSplitOnTabs() {
        CsvHeader header = new CsvHeader("extract.TSV");
        header.read(bytes("a\tb,c\td\n"));
        assertEquals(List.of("a", "b,c", "d"), header.columns());
    }

    @Test
    void aFileWithoutNewlineIsAllHeader() {
        CsvHeader header = new CsvHeader("x.csv");
        header.read(bytes("only,one,line"));
        assertEquals(List.of("only", "one", "line"), header.columns());
    }

    @Test
    void aHeaderLongerThan64KiBIsRefused() {
        CsvHeader header = new CsvHeader("x.csv");
        assertEquals("header-too-long",
                assertThrows(Refused.class, () -> header.read(ByteBuffer.wrap(new byte[70_000]))).reason());
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
