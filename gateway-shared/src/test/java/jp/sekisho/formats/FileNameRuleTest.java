package jp.sekisho.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import jp.sekisho.formats.FileNameRule.Breach;
import jp.sekisho.formats.FileNameRule.Rule;

/**
 * The file-name rule over its whole class: the names people bring (Japanese, decomposed by macOS, full-width, mixed
 * scripts, at the limits) pass in NFC, and each kind of name that is refused is refused by its own rule, with a
 * sentence that names it and never shows an invisible character itself.
 */
class FileNameRuleTest {

    private static final String ACUTE = "\u0301";
    private static final String DAKUTEN = "\u3099";

    @TestFactory
    Stream<DynamicTest> namesPeopleBringAreAccepted() {
        return Stream.of("住民基本台帳_2022.csv", "【重要】住民・世帯一覧（2024年度）.csv", "令和６年度　給付金.tsv",
                "ＡＢＣ１２３.csv", "ﾊﾝｶｸｶﾅ.csv", "Q＆A：窓口？.txt", "㈱港区役所.csv", "①一覧.csv", "か\u309A.csv",
                "Müller-Straße_Ελληνικά_Русский_עברית_العربية.txt", "résumé (1).csv", "📊 report.csv",
                "data [v2] + notes, final=ok @home #3 ~x.csv", "a;b'c!d$e%f^g&h{i}j`k.csv", "README", "p7m",
                "manifest.json.txt", "archive.tar.gz", "a..b.csv", "CONSOLE.csv", "com10.csv", "nul_list.csv",
                "a".repeat(196) + ".csv", "あ".repeat(82) + "x.csv")
                .map(name -> DynamicTest.dynamicTest(name, () -> assertEquals(Optional.empty(),
                        FileNameRule.breach(name))));
    }

    @Test
    void namesAreKeptInNfcWhateverFormTheClientSent() {
        String decomposed = "か" + DAKUTEN + "っこう_resume" + ACUTE + ".csv";

        assertEquals("がっこう_resumé.csv", FileNameRule.normalized(decomposed));
        assertEquals(Optional.empty(), FileNameRule.breach(FileNameRule.normalized(decomposed)));
        assertEquals("住民基本台帳_2022.csv", FileNameRule.normalized("住民基本台帳_2022.csv"));
        assertNull(FileNameRule.normalized(null));
    }

    @Test
    void namesThatARecipientsDiskWouldTakeForOneAreOneName() {
        assertEquals(FileNameRule.collisionKey("Data.CSV"), FileNameRule.collisionKey("data.csv"));
        assertEquals(FileNameRule.collisionKey("が.csv"), FileNameRule.collisionKey("か" + DAKUTEN + ".csv"));
        assertEquals(FileNameRule.collisionKey("ÉTÉ.csv"), FileNameRule.collisionKey("e" + ACUTE + "te" + ACUTE
                + ".csv"));
        assertNotEquals(FileNameRule.collisionKey("ＡＢＣ.csv"), FileNameRule.collisionKey("ABC.csv"),
                "full-width and half-width letters are different names on every file system");
        assertNotEquals(FileNameRule.collisionKey("straße.csv"), FileNameRule.collisionKey("strasse.csv"));
    }

    @TestFactory
    Stream<DynamicTest> eachKindOfRefusedNameIsRefusedByItsOwnRule() {
        Map<Rule, List<String>> refused = new EnumMap<>(Rule.class);
        refused.put(Rule.EMPTY, List.of(""));
        refused.put(Rule.CONTROL_CHARACTER, around(IntStream.concat(IntStream.rangeClosed(0x00, 0x1F),
                IntStream.rangeClosed(0x7F, 0x9F))));
        refused.put(Rule.INVISIBLE_CHARACTER, around(IntStream.of(0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
                0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD)));
        refused.put(Rule.NOT_A_CHARACTER, List.of("a\uE000.csv", "a\uF8FF.csv", "a\u0378.csv", "a\uD800.csv",
                "a" + Character.toString(0x10FFFF) + ".csv"));
        refused.put(Rule.NOT_UTF8, List.of("\uFFFD\uFFFD.csv"));
        refused.put(Rule.SEPARATOR, around(IntStream.of('/', '\\', 0xFF0F, 0xFF3C, 0xFE68, 0x2044, 0x2215, 0x29F5,
                0x29F8, 0x29F9)));
        refused.put(Rule.WINDOWS_CHARACTER, around(":*?\"<>|".chars()));
        refused.put(Rule.OTHER_SPACE, around(IntStream.concat(IntStream.rangeClosed(0x2000, 0x200A),
                IntStream.of(0x00A0, 0x1680, 0x202F, 0x205F, 0x2028, 0x2029))));
        refused.put(Rule.LEADING_MARK, List.of(DAKUTEN + "あ.csv", ACUTE + "e.csv", "\u20DD.csv"));
        refused.put(Rule.DOT_NAME, List.of(".", ".."));
        refused.put(Rule.HIDDEN, List.of(".hidden", ".csv", "...", ".住民.csv"));
        refused.put(Rule.LEADING_DASH, List.of("-rf", "-x.csv"));
        refused.put(Rule.LEADING_SPACE, List.of(" a.csv", "\u3000住民.csv"));
        refused.put(Rule.TRAILING_DOT_OR_SPACE, List.of("a.", "data.csv.", "a ", "住民.csv\u3000", "a. ."));
        refused.put(Rule.WINDOWS_DEVICE, List.of("CON", "con.csv", "Nul.txt", "AUX", "PRN.tar.gz", "COM1",
                "lpt9.csv", "COM¹.csv", "CON .csv"));
        refused.put(Rule.GATEWAY_NAME, List.of("x.p7m", "residents.csv.p7m", "x.P7M", "x.part", "住民.csv.part",
                "manifest.json", "MANIFEST.JSON"));
        refused.put(Rule.TOO_LONG, List.of("a".repeat(197) + ".csv"));
        refused.put(Rule.TOO_MANY_BYTES, List.of("あ".repeat(83) + "x.csv", "😀".repeat(63)));
        assertEquals(List.of(Rule.values()), List.copyOf(refused.keySet()), "every rule has its names");

        List<DynamicTest> tests = new ArrayList<>();
        refused.forEach((rule, names) -> names.forEach(name -> tests.add(DynamicTest.dynamicTest(rule + " "
                + codePoints(name), () -> assertRefusedBy(rule, name)))));
        tests.add(DynamicTest.dynamicTest("EMPTY null", () -> assertRefusedBy(Rule.EMPTY, null)));
        return tests.stream();
    }

    @Test
    void aCharacterIsAcceptedOnlyIfItIsALetterMarkNumberPunctuationSymbolOrASpace() {
        List<String> wronglyAccepted = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String name = "a" + Character.toString(codePoint) + "b";
            boolean accepted = FileNameRule.breach(name).isEmpty();
            int type = Character.getType(codePoint);
            boolean allowedKind = Character.isLetterOrDigit(codePoint) || isMarkNumberPunctuationOrSymbol(type)
                    || codePoint == ' ' || codePoint == 0x3000;
            if (accepted && !allowedKind) {
                wronglyAccepted.add(String.format("U+%04X", codePoint));
            }
        }
        assertEquals(List.of(), wronglyAccepted);
    }

    @Test
    void aSentenceNeverShowsTheInvisibleCharacterItself() {
        Breach bidi = FileNameRule.breach("invoice\u202Evsc.exe").orElseThrow();

        assertEquals(Rule.INVISIBLE_CHARACTER.sentence() + "; found U+202E", bidi.sentence());
        assertEquals(Rule.WINDOWS_CHARACTER.sentence() + "; found ':' (U+003A)",
                FileNameRule.breach("a:b").orElseThrow().sentence());
        assertEquals(Rule.TOO_MANY_BYTES.sentence() + "; found 254 bytes",
                FileNameRule.breach("あ".repeat(83) + "x.csv").orElseThrow().sentence());
    }

    private static void assertRefusedBy(Rule rule, String name) {
        Breach breach = FileNameRule.breach(name).orElse(null);
        assertTrue(breach != null, "must be refused: " + codePoints(name));
        assertEquals(rule, breach.rule(), codePoints(name) + ": " + breach.sentence());
        assertTrue(breach.sentence().startsWith(rule.sentence()), breach.sentence());
        assertFalse(breach.sentence().chars().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT), "the sentence shows no invisible character");
    }

    /** The character inside an ordinary name, so that only it can break the rule. */
    private static List<String> around(IntStream codePoints) {
        return codePoints.mapToObj(codePoint -> "住民" + Character.toString(codePoint) + "台帳.csv").toList();
    }

    private static boolean isMarkNumberPunctuationOrSymbol(int type) {
        return switch (type) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static String codePoints(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(codePoint -> shown.append(codePoint < 0x20 || codePoint > 0x7E
                ? String.format("<U+%04X>", codePoint) : Character.toString(codePoint)));
        return shown.toString();
    }
}
