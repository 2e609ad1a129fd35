package jp.sekisho.audit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import jp.sekisho.formats.AuditAction;

/** Whatever a caller sends, the record of its refusal fits the table and shows what was sent. */
class AuditRecordTest {

    private record Column(String name, int size, Function<String, AuditRecord> recordWith,
            Function<AuditRecord, String> read) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("actor", AuditRecord.ACTOR_COLUMN, text -> denied(text, "s", "b", "a", "d"), AuditRecord::actor),
            new Column("subject", AuditRecord.SUBJECT_COLUMN, text -> denied("x", text, "b", "a", "d"),
                    AuditRecord::subject),
            new Column("batch", AuditRecord.BATCH_COLUMN, text -> denied("x", "s", text, "a", "d"),
                    AuditRecord::batchPublicId),
            new Column("client", AuditRecord.CLIENT_COLUMN, text -> denied("x", "s", "b", text, "d"),
                    AuditRecord::clientAddress),
            new Column("detail", AuditRecord.DETAIL_COLUMN, text -> denied("x", "s", "b", "a", text),
                    AuditRecord::detail));

    @Test
    void everyColumnTakesAnyLengthAndEveryCharacter() {
        for (Column column : COLUMNS) {
            for (String sent : hostileTexts()) {
                String stored = column.read().apply(column.recordWith().apply(sent));
                assertTrue(stored.length() <= column.size(), column.name() + " " + stored.length());
                stored.chars().forEach(c -> assertFalse(Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT, column.name() + " kept U+" + c));
                for (int i = 0; i < stored.length(); i++) {
                    char c = stored.charAt(i);
                    if (Character.isHighSurrogate(c)) {
                        assertTrue(i + 1 < stored.length() && Character.isLowSurrogate(stored.charAt(++i)));
                    } else {
                        assertFalse(Character.isLowSurrogate(c), column.name() + " kept a lone surrogate");
                    }
                }
                AuditRecord again = column.recordWith().apply(stored);
                assertEquals(stored, column.read().apply(again), "normalising twice changes " + column.name());
            }
        }
    }

    @Test
    void aCutTextSaysHowMuchWasCut() {
        String login = "a".repeat(200);
        AuditRecord record = denied(login, null, null, null, null);
        assertTrue(record.actor().length() <= AuditRecord.ACTOR_COLUMN, record.actor());
        assertTrue(record.actor().length() >= AuditRecord.ACTOR_COLUMN - 2, "keeps as much as fits: " + record.actor());
        int kept = record.actor().indexOf('…');
        assertEquals(login.substring(0, kept) + "…[" + (200 - kept) + " more characters cut]", record.actor());
    }

    @Test
    void controlCharactersAreShownNotObeyed() {
        AuditRecord record = denied("a\u202Egnp.exe", null, null, null, "line one\nline two\u0000");
        assertEquals("a\\u202Egnp.exe", record.actor());
        assertEquals("line one\\nline two\\u0000", record.detail());
        assertEquals("住民基本台帳 😀", denied("住民基本台帳 😀", null, null, null, null).actor());
        assertEquals("-", denied(null, null, null, null, null).actor());
    }

    private static AuditRecord denied(String actor, String subject, String batch, String client, String detail) {
        return AuditRecord.denied(actor, AuditAction.API_OPERATION_REFUSED, subject, batch, client, detail);
    }

    private static List<String> hostileTexts() {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c <= 0x9F; c++) {
            texts.add("before" + (char) c + "after");
        }
        for (char c : "\u061C\u200B\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF"
                .toCharArray()) {
            texts.add("before" + c + "after");
        }
        texts.add("lone \uD800 high");
        texts.add("lone \uDC00 low");
        texts.add("\uDC00");
        for (int length : new int[] {35, 36, 37, 63, 64, 65, 127, 128, 129, 511, 512, 513, 3999, 4000, 4001, 9000}) {
            texts.add("x".repeat(length));
            texts.add("😀".repeat(length / 2 + 1));
            texts.add("\u0000".repeat(length));
            texts.add("é".repeat(length - 1) + "😀");
        }
        return texts;
    }
}
