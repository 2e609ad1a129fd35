package jp.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code export-audit} refuses before it asks for a password or contacts anyone (the export itself runs against
 * a real gateway in {@code AuditTamperingIT}).
 */
class ExportAuditUsageTest {

    @TempDir
    Path work;

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        Path kept = Files.writeString(work.resolve("audit.jsonl"), "an earlier export\n");
        Invocation run = Invocation.of("export-audit", "--gateway", "https://127.0.0.1:8443", "--login", "auditor",
                "--out", kept.toString());
        assertEquals(SekishoCli.USAGE, run.status());
        assertTrue(run.stderr().contains("exists; sekisho-cli never overwrites a file"), run.stderr());
        assertEquals("an earlier export\n", Files.readString(kept));
    }

    @Test
    void namesWhatIsMissingOrMalformed() {
        assertTrue(Invocation.of("export-audit", "--gateway", "https://127.0.0.1:8443", "--out", "a.jsonl").stderr()
                .contains("option --login is required"));
        for (String notHttps : new String[] {"ftp://gateway", "http://127.0.0.1:8080"}) {
            // Plain HTTP included: the password would be on its way before the gateway could refuse it.
            assertTrue(Invocation.of("export-audit", "--gateway", notHttps, "--login", "auditor", "--out",
                    "a.jsonl").stderr().contains("--gateway must be the gateway's https:// address"), notHttps);
        }
        Invocation noAuthority = Invocation.of("export-audit", "--gateway", "https://127.0.0.1:8443", "--login",
                "auditor", "--out", work.resolve("b.jsonl").toString(), "--cacert", work.resolve("none.pem").toString());
        assertEquals(SekishoCli.CHECK_FAILED, noAuthority.status());
        assertTrue(noAuthority.stderr().contains("none.pem: cannot be read"), noAuthority.stderr());
        Invocation badRange = Invocation.of("export-audit", "--gateway", "https://127.0.0.1:8443", "--login",
                "auditor", "--out", work.resolve("a.jsonl").toString(), "--from", "yesterday");
        assertEquals(SekishoCli.USAGE, badRange.status());
        assertTrue(badRange.stderr().contains("option --from must be a number, not yesterday"), badRange.stderr());
    }
}
