package jp.sekisho.channel.entity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

class DataContractTest {

    private final DataContract contract = new DataContract(List.of("*.csv", "ledger-*.bin"),
            List.of("resident_id", "name", "benefit_yen"), OptionalLong.of(3), OptionalLong.of(1000),
            OptionalLong.of(2500), OptionalLong.of(10), OptionalLong.of(15));

    @Test
    void onlyFileNamesMatchingAPatternAreAllowed() {
        assertDoesNotThrow(() -> contract.checkFileName("residents.csv"));
        assertDoesNotThrow(() -> contract.checkFileName("ledger-2026.bin"));
        assertEquals("contract-file-name", refusal(() -> contract.checkFileName("residents.xlsx")));
        assertEquals("contract-file-name", refusal(() -> contract.checkFileName("notes.bin")));
    }

    @Test
    void patternsAreGlobsOverTheNameAsTextJapaneseIncluded() {
        DataContract japanese = new DataContract(List.of("住民*.{csv,tsv}", "世帯_20[0-9][0-9].csv", "[!.]?.txt",
                "a\\*b.bin"), List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());

        for (String allowed : List.of("住民基本台帳_2022.csv", "住民.tsv", "世帯_2024.csv", "ab.txt", "a*b.bin")) {
            assertDoesNotThrow(() -> japanese.checkFileName(allowed), allowed);
        }
        for (String refused : List.of("住民.CSV", "世帯_24.csv", "abc.txt", "axb.bin", "給付.csv")) {
            assertEquals("contract-file-name", refusal(() -> japanese.checkFileName(refused)), refused);
        }
        DataContract typedOnAMac = new DataContract(List.of("テ\u3099ータ*.csv"), List.of(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        assertDoesNotThrow(() -> typedOnAMac.checkFileName("データ_2022.csv"), "patterns are compared in NFC too");
    }

    @Test
    void aMalformedPatternIsRefusedInItsOwnWords() {
        for (String pattern : List.of("[abc", "{csv,tsv", "{a,{b}}", "x\\")) {
            InvalidValue invalid = assertThrows(InvalidValue.class, () -> new DataContract(List.of(pattern),
                    List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    OptionalLong.empty(), OptionalLong.empty()));
            assertTrue(invalid.getMessage().startsWith("A file-name pattern is a glob"), invalid.getMessage());
        }
    }

    @Test
    void everyHeaderColumnMustBeNamedByTheContractInAnyOrder() {
        assertDoesNotThrow(() -> contract.checkCsvColumns(List.of("name", "resident_id")));
        Refused refused = assertThrows(Refused.class,
                () -> contract.checkCsvColumns(List.of("resident_id", "my_number", "bank_account")));
        assertEquals("contract-csv-columns", refused.reason());
        assertTrue(refused.getMessage().contains("my_number, bank_account"), refused.getMessage());
    }

    @Test
    void limitsPerFileAndPerBatchAreEnforced() {
        assertDoesNotThrow(() -> contract.checkFileBytes(1000));
        assertEquals("contract-max-bytes-per-file", refusal(() -> contract.checkFileBytes(1001)));
        assertEquals("contract-max-records-per-file", refusal(() -> contract.checkFileRecords(11)));
        assertEquals("contract-max-files", refusal(() -> contract.checkFileCount(4)));
        assertEquals("contract-max-bytes-per-batch", refusal(() -> contract.checkBatchTotals(2501, 1)));
        assertEquals("contract-max-records-per-batch", refusal(() -> contract.checkBatchTotals(1, 16)));
    }

    @Test
    void theEmptyContractAllowsEverything() {
        assertDoesNotThrow(() -> {
            DataContract.NONE.checkFileName("anything.xlsx");
            DataContract.NONE.checkCsvColumns(List.of("my_number"));
            DataContract.NONE.checkBatchTotals(Long.MAX_VALUE, Long.MAX_VALUE);
        });
    }

    @Test
    void aContractSurvivesItsJsonForm() {
        assertEquals(contract, DataContract.fromJson(contract.toJson()));
        assertEquals(DataContract.NONE, DataContract.fromJson((String) null));
    }

    @Test
    void malformedContractsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DataContract(List.of("../*.csv"), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new DataContract(List.of(), List.of(),
                OptionalLong.of(-1), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty()));
    }

    private static String refusal(Runnable check) {
        return assertThrows(Refused.class, check::run).reason();
    }
}
