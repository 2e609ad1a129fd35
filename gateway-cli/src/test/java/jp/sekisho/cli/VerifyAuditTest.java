package jp.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.ChainHasher;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.keys.SelfSignedCredentials;

/** {@code sekisho-cli verify-audit} on an export as an auditor receives it, and on exports tampered with. */
class VerifyAuditTest {

    private static final Instant START = Instant.parse("2026-06-21T09:00:00.000001Z");

    private static SelfSignedCredentials gateway;

    @TempDir
    Path work;

    private Path export;
    private Path gatewayCertificate;
    private Checkpoint lastCheckpoint;
    private String stdout;
    private String stderr;

    @BeforeAll
    static void gatewayKey() {
        gateway = SelfSignedCredentials.generateEcSigning("Sekisho gateway");
    }

    @BeforeEach
    void exportOfTwelveEvents() throws IOException {
        export = work.resolve("audit-2026-06.jsonl");
        gatewayCertificate = Files.writeString(work.resolve("gateway.pem"), gateway.certificatePem());
        writeExport(12, 6);
    }

    @Test
    void anIntactExportExitsZeroAndSaysWhatItCovers() {
        assertEquals(SekishoCli.OK, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString()), stderr);

        assertTrue(stdout.startsWith("OK: " + export + ": the audit trail is intact: 12 events, seq 1 to 12"), stdout);
        assertTrue(stdout.contains("2 signed checkpoint(s) match; the last at seq 12"), stdout);
    }

    @Test
    void aChangedEventExitsOneNamingItsSeqAndWhatHappened() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        lines.set(2, lines.get(2).replace("bytes 0-99", "bytes 0-98"));
        Files.write(export, lines);

        assertEquals(SekishoCli.CHECK_FAILED, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString()));
        assertTrue(stderr.startsWith("REFUSED: " + export + ": the audit trail is broken at seq 3 (line 3): a field "
                + "of this event was changed."), stderr);
    }

    @Test
    void anExportCutBeforeACheckpointKeptApartExitsOne() throws IOException {
        Path keptApart = Files.writeString(work.resolve("checkpoint-12.json"), AuditExport.lineOf(lastCheckpoint));
        Path earlier = Files.writeString(work.resolve("checkpoint-6.json"),
                Files.readAllLines(export).get(6) + "\n");
        writeExport(9, 6);

        assertEquals(SekishoCli.CHECK_FAILED, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString(), "--checkpoint", earlier.toString(), "--checkpoint",
                keptApart.toString()));
        assertTrue(stderr.contains("broken at seq 10 (line 12): events are missing from the end. The export ends at "
                + "seq 9, but the gateway signed a checkpoint at seq 12"), stderr);
    }

    @Test
    void checkpointsOfAnotherGatewayExitOne() {
        SelfSignedCredentials other = SelfSignedCredentials.generateEcSigning("Another gateway");
        Path otherCertificate = work.resolve("other.pem");

        assertEquals(SekishoCli.CHECK_FAILED, run("verify-audit", export.toString(), "--gateway-cert",
                write(otherCertificate, other.certificatePem()).toString()));
        assertTrue(stderr.contains("broken at seq 6 (line 7): a checkpoint is not the gateway's"), stderr);
    }

    @Test
    void printsProgressEveryHundredThousandEvents() throws IOException {
        writeExport(100_001, 100_000);

        assertEquals(SekishoCli.OK, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString()), stderr);
        assertEquals("  100,000 events verified\n", stderr);
        assertTrue(stdout.contains("intact: 100,001 events"), stdout);
    }

    @Test
    void wrongUseOrAnUnreadableInputExitsTwo() throws IOException {
        assertEquals(SekishoCli.USAGE, run("verify-audit", export.toString()));
        assertTrue(stderr.contains("option --gateway-cert is required"), stderr);

        assertEquals(SekishoCli.USAGE, run("verify-audit", work.resolve("missing.jsonl").toString(),
                "--gateway-cert", gatewayCertificate.toString()));

        Path notACheckpoint = Files.writeString(work.resolve("checkpoint.json"), Files.readAllLines(export).get(0));
        assertEquals(SekishoCli.USAGE, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString(), "--checkpoint", notACheckpoint.toString()));
        assertTrue(stderr.contains("checkpoint.json: is not a checkpoint line as the gateway exports it"), stderr);

        assertEquals(SekishoCli.USAGE, run("verify-audit", export.toString(), "--gateway-cert",
                gatewayCertificate.toString(), "--gateway-cert", gatewayCertificate.toString()));
        assertTrue(stderr.contains("option --gateway-cert is given twice"), stderr);
    }

    /** Downloads of one batch, byte range by byte range, with a checkpoint after every {@code checkpointEvery}. */
    private void writeExport(int events, int checkpointEvery) throws IOException {
        ChainHasher hasher = new ChainHasher();
        String prevHash = ChainHasher.GENESIS;
        try (OutputStream file = Files.newOutputStream(export);
             AuditExport.Writer writer = new AuditExport.Writer(file)) {
            for (long seq = 1; seq <= events; seq++) {
                ChainHasher.Content content = new ChainHasher.Content(seq, START.plusSeconds(seq).toString(),
                        "callcenter", "FILE_DOWNLOADED", "SUCCESS", "/benefits-to-callcenter/r/residents.csv.p7m",
                        "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "203.0.113.5", "bytes 0-99 of " + seq * 100);
                String hash = hasher.hashOf(prevHash, content);
                writer.write(new AuditExport.ExportedEvent(content, prevHash, hash));
                prevHash = hash;
                if (seq % checkpointEvery == 0 || seq == events) {
                    lastCheckpoint = Checkpoint.of(seq, hash, START.plusSeconds(seq + 1)).sign(gateway.privateKey(),
                            gateway.certificate());
                    writer.write(lastCheckpoint);
                }
            }
        }
    }

    private int run(String... args) {
        Invocation run = Invocation.of(args);
        stdout = run.stdout();
        stderr = run.stderr();
        return run.status();
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
