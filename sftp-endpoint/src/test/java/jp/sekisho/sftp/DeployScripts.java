package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jp.sekisho.testing.Processes;
import jp.sekisho.testing.ScratchDatabase;

/** docs/deploy/backup and restore as an operator runs them, and the recipient's openssl after them. */
final class DeployScripts {

    private DeployScripts() {
    }

    /** The settings both scripts read, as the service's environment file gives them. */
    static Map<String, String> settings(Path dataDirectory, String databaseUrl) {
        return Map.of("SEKISHO_DATA_DIR", dataDirectory.toString(), "SEKISHO_DB_URL", databaseUrl,
                "SEKISHO_DB_USER", ScratchDatabase.LOCAL_SUPERUSER);
    }

    /** Runs docs/deploy/{@code name} (backup or restore) on {@code archive}; its refusals are the caller's to judge. */
    static Processes.Outcome run(String name, Map<String, String> environment, Path archive) throws Exception {
        return Processes.attempt(environment, null, "bash", Path.of("..", "docs", "deploy", name).toString(),
                archive.toString());
    }

    /** What the recipient reads from a sealed file pulled into {@code directory}, opened with its key by openssl. */
    static String openedBy(Path recipientKey, Path directory, String sealed) throws Exception {
        Processes.Outcome opened = Processes.attempt(Map.of(), directory, "openssl", "cms", "-decrypt", "-binary",
                "-inform", "DER", "-in", sealed, "-inkey", recipientKey.toAbsolutePath().toString(), "-out",
                "opened.csv");
        assertTrue(opened.succeeded(), opened.output());
        return Files.readString(directory.resolve("opened.csv"));
    }
}
