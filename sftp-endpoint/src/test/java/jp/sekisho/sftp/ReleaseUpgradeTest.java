package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.persistence.SchemaMigration;
import jp.sekisho.testing.Processes;
import jp.sekisho.testing.ScratchDatabase;
import jp.sekisho.transfer.entity.BatchState;

/**
 * The upgrade path: a backup made by each earlier release (src/test/resources/releases/&lt;version&gt;/backup.tar,
 * taken by that release's docs/deploy/backup after its {@code ./sekisho demo} on PostgreSQL had one batch released
 * as in the README's walkthrough, steps 1 to 4) is restored with this release's docs/deploy/restore; this release
 * migrates its schema as a start does, verifies its audit chain, and serves the batch to the call center under the
 * release's host key, sealed as that release sealed it. A new release adds its own backup to the folder.
 */
class ReleaseUpgradeTest {

    private static final Path RELEASES = Path.of("src", "test", "resources", "releases");
    private static final String DATABASE = "sekisho_sftp_release";
    private static final String BATCH = "/benefits-to-callcenter/2026-06-21-refresh";

    @TempDir
    Path work;

    @Test
    void everyEarlierReleasesBackupRestoresMigratesAndDeliversItsBatch() throws Exception {
        List<Path> releases;
        try (Stream<Path> folders = Files.list(RELEASES)) {
            releases = folders.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(releases.isEmpty(), "no release backups under " + RELEASES.toAbsolutePath());
        List<String> upgraded = new ArrayList<>();
        for (Path release : releases) {
            upgrade(release);
            upgraded.add(release.getFileName().toString());
        }
        assertEquals(releases.size(), upgraded.size());
    }

    private void upgrade(Path release) throws Exception {
        String version = release.getFileName().toString();
        Path archive = release.resolve("backup.tar").toAbsolutePath();
        ScratchDatabase database = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER, ScratchDatabase.LOCAL_SUPERUSER,
                DATABASE);
        database.recreate(ScratchDatabase.LOCAL_SUPERUSER);
        Path dataDirectory = work.resolve(version).resolve("data");
        Processes.Outcome restored = DeployScripts.run("restore",
                DeployScripts.settings(dataDirectory, database.url()), archive);
        assertEquals(0, restored.exitCode(), version + ": " + restored.output());

        InJvmGateway upgraded = InJvmGateway.restored(dataDirectory, DATABASE, takenAt(archive));
        try {
            MigrationInfoService schema = SchemaMigration.configuration("postgresql")
                    .dataSource(database.url(), ScratchDatabase.LOCAL_SUPERUSER, null).load().info();
            assertEquals(0, schema.pending().length, version + ": migrated to this release's schema");
            assertEquals(-1, upgraded.boundary(ChainWatch.class).verifyFully().firstBrokenSeq(),
                    version + ": the audit chain verifies");

            Path pulled = Files.createDirectories(work.resolve(version).resolve("pulled"));
            Path key = Files.copy(release.resolve("callcenter_ed25519"), pulled.resolve("key"));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            GatewaySftp.Result get = new GatewaySftp(dataDirectory, upgraded.port()).openssh("callcenter", key,
                    pulled, List.of("KexAlgorithms=curve25519-sha256"), "get " + BATCH + "/residents.csv.p7m");
            assertTrue(get.succeeded(), version + ": " + get.output());
            assertEquals(Files.readString(release.resolve("residents.csv")), DeployScripts.openedBy(
                    release.resolve("callcenter-recipient-key.pem"), pulled, "residents.csv.p7m"), version);
            assertEquals(BatchState.DELIVERED, upgraded.batch(upgraded.batchNamed("2026-06-21-refresh")).state());
        } finally {
            upgraded.close();
            database.drop();
        }
    }

    /** When the backup was taken: the batch's windows are judged at that moment, not years later. */
    private static Instant takenAt(Path archive) throws Exception {
        Processes.Outcome manifest = Processes.attempt(Map.of(), null, "tar", "-xOf", archive.toString(), "./BACKUP");
        return manifest.output().lines().filter(line -> line.startsWith("taken: ")).map(line -> line.substring(7))
                .map(Instant::parse).findFirst().orElseThrow(() -> new AssertionError(manifest.output()));
    }
}
