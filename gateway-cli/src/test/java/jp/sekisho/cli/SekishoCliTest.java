package jp.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;

class SekishoCliTest {

    private static final byte[] RESIDENTS = ("住民番号,氏名,口座番号\n"
            + "0001,山田太郎,1234567\n0002,佐藤花子,7654321\n0003,鈴木一郎,1111111\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTES = "refresh of 3 residents\nno other data\n".getBytes(StandardCharsets.UTF_8);

    private static SelfSignedCredentials gateway;
    private static SelfSignedCredentials callCenter;
    private static SelfSignedCredentials stranger;

    @TempDir
    Path work;

    private PulledBatch batch;
    private Path out;
    private String stdout;
    private String stderr;

    @BeforeAll
    static void keys() {
        gateway = SelfSignedCredentials.generateEcSigning("Sekisho gateway");
        callCenter = SelfSignedCredentials.generateRsa("Call center recipient", 3072);
        stranger = SelfSignedCredentials.generateRsa("Another contractor", 3072);
    }

    @BeforeEach
    void pulledBatch() throws IOException {
        batch = new PulledBatch(work.resolve("refresh-2026-11"), gateway)
                .seal("residents.csv", RESIDENTS, callCenter)
                .seal("notes.txt", NOTES, callCenter)
                .release();
        out = work.resolve("plaintext");
    }

    @Test
    void opensAVerifiedBatchAndWritesEveryFile() throws IOException {
        assertEquals(SekishoCli.OK, open(callCenter), stderr);

        assertArrayEquals(RESIDENTS, Files.readAllBytes(out.resolve("residents.csv")));
        assertArrayEquals(NOTES, Files.readAllBytes(out.resolve("notes.txt")));
        try (Stream<Path> written = Files.list(out)) {
            assertEquals(2, written.count(), "no partial files remain");
        }
        assertTrue(stderr.contains("residents.csv: verified, " + RESIDENTS.length + " bytes, 3 records"), stderr);
        assertTrue(stdout.contains("[welfare-sato, infopolicy-suzuki]"), stdout);
    }

    @Test
    void opensABatchSealedToAnEcRecipient() throws IOException {
        SelfSignedCredentials ecRecipient = SelfSignedCredentials.generateEc("Call center EC", "P-384");
        batch = new PulledBatch(work.resolve("ec-batch"), gateway).seal("residents.csv", RESIDENTS, ecRecipient)
                .release();

        assertEquals(SekishoCli.OK, open(ecRecipient), stderr);
        assertArrayEquals(RESIDENTS, Files.readAllBytes(out.resolve("residents.csv")));
    }

    @Test
    void refusesASealedFileWithAChangedByteAndWritesNothing() throws IOException {
        flipByte(batch.folder.resolve("residents.csv.p7m"), 700);

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("REFUSED: residents.csv.p7m: its SHA-256 is"), stderr);
        assertFalse(Files.exists(out.resolve("notes.txt")), "nothing is written when one file fails");
    }

    @Test
    void theAuthenticationTagCatchesAChangedByteEvenWhenTheManifestWasForgedToMatch() throws IOException {
        Path sealed = batch.folder.resolve("residents.csv.p7m");
        String listedSha256 = PulledBatch.sha256(Files.readAllBytes(sealed));
        flipByte(sealed, (int) Files.size(sealed) - 40);
        batch.writeSignedManifest(batch.manifestText().replace(listedSha256,
                PulledBatch.sha256(Files.readAllBytes(sealed))));
        // The digest no longer matches either, so this reaches the files only once the digest check is also fooled.
        String released = batch.manifestText();
        ReleasedManifest parsed = ReleasedManifest.parse(released.getBytes(StandardCharsets.UTF_8));
        String forgedDigest = jp.sekisho.shared.Sha256.hex(parsed.manifestJson());
        batch.writeSignedManifest(released.replace(parsed.manifestDigest(), forgedDigest));

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("residents.csv.p7m: decryption failed, the data is not authentic"), stderr);
        assertFalse(Files.exists(out.resolve("residents.csv")));
    }

    @Test
    void refusesAManifestChangedAfterTheGatewaySignedIt() throws IOException {
        Files.writeString(batch.folder.resolve("manifest.json"),
                batch.manifestText().replace("\\\"records\\\":3", "\\\"records\\\":4"));

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("manifest.json.p7s: the gateway's signature over manifest.json is not valid"),
                stderr);
    }

    @Test
    void refusesAManifestThatDoesNotMatchTheDigestTheApproversSigned() throws IOException {
        batch.writeSignedManifest(batch.manifestText().replace("\\\"records\\\":3", "\\\"records\\\":4"));

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("manifest.json: the manifest does not match its digest"), stderr);
    }

    @Test
    void refusesAManifestWithOneApprovalRemoved() throws IOException {
        batch.approvers.remove("infopolicy-suzuki");
        batch.release();

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("1 distinct approval(s) of this manifest [welfare-sato], but 2 are required"),
                stderr);
    }

    @Test
    void anApproverCountsOnceAndTheRequesterNotAtAll() throws IOException {
        batch.approvers.clear();
        batch.approvers.addAll(List.of("welfare-sato", "welfare-sato", "requester-tanaka"));
        batch.release();

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("1 distinct approval(s)"), stderr);
    }

    @Test
    void refusesAManifestSignedByAnotherKeyThanTheGatewayCertificate() throws IOException {
        batch = new PulledBatch(work.resolve("forged"), SelfSignedCredentials.generateEcSigning("Sekisho gateway"))
                .seal("notes.txt", NOTES, callCenter).release();

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("it was signed by another key than the certificate"), stderr);
    }

    @Test
    void refusesAKeyTheBatchIsNotSealedTo() throws IOException {
        assertEquals(SekishoCli.CHECK_FAILED, open(stranger));
        assertTrue(stderr.contains("residents.csv.p7m: is not sealed to the certificate \"CN=Another contractor\""),
                stderr);
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws IOException {
        Path key = write("stranger-key.pem", stranger.privateKeyPem());
        Path certificate = write("callcenter.pem", callCenter.certificatePem());

        assertEquals(SekishoCli.CHECK_FAILED, run("open", batch.folder.toString(), "--key", key.toString(), "--cert",
                certificate.toString(), "--gateway-cert", write("gw.pem", gateway.certificatePem()).toString(),
                "--out", out.toString()));
        assertTrue(stderr.contains("this private key does not belong to the certificate"), stderr);
    }

    @Test
    void opensJapaneseNamesUpToTheLongestTheRuleAllows() throws IOException {
        String longest = "給".repeat(82) + "x.csv";
        batch = new PulledBatch(work.resolve("japanese"), gateway).seal("住民基本台帳_2022.csv", RESIDENTS, callCenter)
                .seal(longest, NOTES, callCenter).release();

        assertEquals(SekishoCli.OK, open(callCenter), stderr);

        assertArrayEquals(RESIDENTS, Files.readAllBytes(out.resolve("住民基本台帳_2022.csv")));
        assertArrayEquals(NOTES, Files.readAllBytes(out.resolve(longest)));
        try (Stream<Path> written = Files.list(out)) {
            assertEquals(2, written.count(), "no partial files remain");
        }
        assertTrue(stderr.contains("住民基本台帳_2022.csv: verified, " + RESIDENTS.length + " bytes, 3 records"), stderr);
    }

    @Test
    void refusesAManifestNameThatBreaksTheFileNameRuleBeforeWritingOrPrintingIt() throws IOException {
        for (String name : List.of("../escaped.csv", "invoice\u202Etxt.exe", ".hidden", "CON.csv")) {
            batch = new PulledBatch(work.resolve("hostile-" + name.length()), gateway).seal(name, NOTES, callCenter)
                    .release();

            assertEquals(SekishoCli.CHECK_FAILED, open(callCenter), name);
            assertTrue(stderr.contains("which breaks the file-name rule"), stderr);
            assertFalse(stderr.contains("\u202E"), "no bidirectional override reaches the terminal");
            assertFalse(Files.exists(out), "nothing is written");
        }
        assertTrue(stderr.contains("Windows device names"), stderr);
        assertFalse(Files.exists(work.resolve("escaped.csv")));
    }

    @Test
    void refusesAManifestListingTwoNamesThatADiskIgnoringCaseWouldMerge() throws IOException {
        batch = new PulledBatch(work.resolve("cases"), gateway).seal("Data.csv", RESIDENTS, callCenter)
                .seal("data.csv", NOTES, callCenter).release();

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertTrue(stderr.contains("\"Data.csv\" and \"data.csv\", which would be one file on Windows or macOS"),
                stderr);
        assertFalse(Files.exists(out));
    }

    @Test
    void underALocaleThatCannotNameJapaneseFilesItSaysToUseAUtf8One() throws Exception {
        batch = new PulledBatch(work.resolve("posix"), gateway).seal("住民基本台帳_2022.csv", RESIDENTS, callCenter)
                .release();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SekishoCli.class.getName(), "open",
                batch.folder.toString(), "--key", write("key.pem", callCenter.privateKeyPem()).toString(), "--cert",
                write("cert.pem", callCenter.certificatePem()).toString(), "--gateway-cert",
                write("gateway.pem", gateway.certificatePem()).toString(), "--out", out.toString()));
        ProcessBuilder posix = new ProcessBuilder(command).redirectErrorStream(true);
        posix.environment().put("LC_ALL", "C");
        Process cli = posix.start();
        String printed = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(cli.waitFor(2, TimeUnit.MINUTES));
        assertEquals(SekishoCli.CHECK_FAILED, cli.exitValue(), printed);
        assertTrue(printed.contains("run sekisho-cli under a UTF-8 locale, such as LC_ALL=C.UTF-8"), printed);
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "my own notes");

        assertEquals(SekishoCli.CHECK_FAILED, open(callCenter));
        assertEquals("my own notes", Files.readString(out.resolve("notes.txt")));
        assertFalse(Files.exists(out.resolve("residents.csv")));
    }

    @Test
    void writesAReceiptTheGatewayCanCheckAgainstTheManifest() throws IOException {
        assertEquals(SekishoCli.OK, run("receipt", batch.folder.toString(), "--key",
                write("key.pem", callCenter.privateKeyPem()).toString(), "--cert",
                write("cert.pem", callCenter.certificatePem()).toString(), "--gateway-cert",
                write("gw.pem", gateway.certificatePem()).toString()), stderr);

        byte[] signed = Files.readAllBytes(batch.folder.resolve("receipt.p7s"));
        Receipt receipt = Receipt.parse(CmsSignatures.verifyEncapsulated(signed, callCenter.certificate()));
        ReleasedManifest manifest = ReleasedManifest.parse(batch.manifestText().getBytes(StandardCharsets.UTF_8));
        assertNull(receipt.mismatchWith(manifest));
        assertEquals(3, receipt.files().get(0).records());
        assertThrows(CmsSignatures.InvalidSignature.class,
                () -> CmsSignatures.verifyEncapsulated(signed, stranger.certificate()));
        assertTrue(stdout.contains("put " + batch.folder.resolve("receipt.p7s")
                + " /benefits-to-callcenter/refresh-2026-11/receipt.p7s"), stdout);
    }

    @Test
    void wrongUsageSaysWhatIsMissing() {
        assertEquals(SekishoCli.USAGE, run("open", batch.folder.toString()));
        assertTrue(stderr.contains("option --key is required"), stderr);
        assertEquals(SekishoCli.USAGE, run("decrypt-all"));
        assertTrue(stderr.contains("unknown command decrypt-all"), stderr);
    }

    private int open(SelfSignedCredentials recipient) throws IOException {
        return run("open", batch.folder.toString(),
                "--key", write("key.pem", recipient.privateKeyPem()).toString(),
                "--cert", write("cert.pem", recipient.certificatePem()).toString(),
                "--gateway-cert", write("gateway.pem", gateway.certificatePem()).toString(),
                "--out", out.toString());
    }

    private int run(String... args) {
        Invocation run = Invocation.of(args);
        stdout = run.stdout();
        stderr = run.stderr();
        return run.status();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    private static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x01;
        Files.write(file, bytes);
    }
}
