package jp.sekisho.transfer.entity;

import static jp.sekisho.testing.Entities.withId;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.formats.FileNameRule;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.Refused;

/** Names that reach paths and folders: what the source may choose, and what it may not. */
class ValueTypesTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "a/b", "../etc", "a\\b", ".hidden", "-rf", "_x", "with space",
            "日本語", "tab\there", "new\nline", "x:y"})
    void batchNameRefusesPathsHiddenAndOddNames(String name) {
        Refused refused = assertThrows(Refused.class, () -> new BatchName(name));
        assertEquals("invalid-batch-name", refused.reason());
        assertEquals(Refused.Kind.INVALID, refused.kind());
    }

    @Test
    void batchNameIsAtMost128Characters() {
        assertDoesNotThrow(() -> new BatchName("b".repeat(128)));
        assertThrows(Refused.class, () -> new BatchName("b".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-04-notices", "Batch_01", "export.v2", "0"})
    void batchNameAcceptsOrdinaryFolderNames(String name) {
        assertEquals(name, new BatchName(name).value());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "a/b", "../residents.csv", "a\\b", ".hidden", ".csv", "trailing.csv ",
            "residents.csv.p7m", "x.p7m", "residents.csv.part", "x.part", "manifest.json", "tab\tcsv",
            "invoice\u202Evsc.csv", "CON.csv"})
    void fileNameRefusesPathsHiddenAndTheGatewaysOwnNamesSayingWhichRule(String name) {
        Refused refused = assertThrows(Refused.class, () -> FileName.of(name));
        assertEquals("invalid-file-name", refused.reason());
        assertEquals(Refused.Kind.INVALID, refused.kind());
        assertEquals(FileNameRule.breach(FileNameRule.normalized(name)).orElseThrow().sentence(),
                refused.getMessage());
    }

    @Test
    void fileNameIsAtMost200CharactersAnd251Bytes() {
        assertDoesNotThrow(() -> FileName.of("f".repeat(196) + ".csv"));
        assertThrows(Refused.class, () -> FileName.of("f".repeat(197) + ".csv"));
        assertDoesNotThrow(() -> FileName.of("住".repeat(82) + "x.csv"));
        assertThrows(Refused.class, () -> FileName.of("住".repeat(83) + "x.csv"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"residents.csv", "households_2025-04.tsv", "README", "p7m", "manifest.json.txt",
            "archive.tar.gz", "住民基本台帳_2022.csv", "【重要】世帯一覧（令和6年度）.csv", "with space.csv"})
    void fileNameAcceptsOrdinaryAndJapaneseFileNames(String name) {
        assertEquals(name, FileName.of(name).value());
    }

    @Test
    void fileNameIsKeptInNfcWhateverFormTheClientSent() {
        FileName decomposed = FileName.of("テ\u3099ータ.csv");

        assertEquals("データ.csv", decomposed.value());
        assertEquals(FileName.of("データ.csv"), decomposed);
        assertTrue(FileName.of("Data.csv").collidesWith(FileName.of("data.CSV")));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Benefits", "BENEFITS", "1benefits", "-x", "city benefits", "city.benefits", "a/b",
            "../x", "ユーザー"})
    void accountNameRefusesUpperCaseAndOddNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> new AccountName(name));
    }

    @Test
    void accountNameAcceptsLowerCaseLogins() {
        assertEquals("callcenter-inbox_2", new AccountName("callcenter-inbox_2").value());
        assertDoesNotThrow(() -> new AccountName("a".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new AccountName("a".repeat(65)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Benefit-Notices", "..", ".hidden", "a/b", "../x", "with space"})
    void channelNameRefusesUpperCasePathsAndHiddenNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> new ChannelName(name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../x", "not-a-uuid", "2025-04-notices"})
    void batchIdIsAUuid(String value) {
        assertThrows(IllegalArgumentException.class, () -> new BatchId(value));
    }

    @Test
    void batchIdIsWrittenInOneCanonicalForm() {
        BatchId id = new BatchId("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

        assertEquals("3f2504e0-4f89-11d3-9a0c-0305e82c3301", id.value());
        assertEquals(id, new BatchId("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    }

    @Test
    void everyWindowIsAPositiveDurationAndEveryFileDownloadableAtLeastOnce() {
        Duration hour = Duration.ofHours(1);

        assertDoesNotThrow(() -> new Windows(hour, hour, hour, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windows(Duration.ZERO, hour, hour, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windows(hour, hour.negated(), hour, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windows(hour, hour, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windows(hour, hour, hour, 0));
    }

    @Test
    void aPolicyNeedsAtLeastTwoApprovals() {
        assertThrows(IllegalArgumentException.class, () -> new ApprovalPolicy(1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new ApprovalPolicy(0, Set.of()));
        assertEquals(2, new ApprovalPolicy(2, Set.of()).requiredApprovals());
    }

    @Test
    void aChannelNeedsTwoDifferentAccounts() {
        Organization city = withId(new Organization("minato-city", "港区役所", null), 1L);
        SystemAccount benefits = withId(new SystemAccount(new AccountName("benefits"), city), 11L);
        Duration hour = Duration.ofHours(1);

        assertThrows(IllegalArgumentException.class, () -> new Channel(new ChannelName("loop"), benefits, benefits,
                "pem", new ApprovalPolicy(2, Set.of(city)), new Windows(hour, hour, hour, 1), DataContract.NONE));
    }
}
