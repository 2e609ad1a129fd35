package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.testing.Processes;
import jp.sekisho.testing.ScratchDatabase;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.BatchState;

/**
 * The backup and restore of docs/deploy/, as an operator runs them: a batch released on one gateway is backed up,
 * restored into a new database and data directory, and pulled from the restored gateway by OpenSSH {@code sftp}
 * that checks the original host key; the recipient opens it with {@code openssl}; the audit chain verifies; and
 * neither script overwrites anything that exists.
 */
class BackupRestoreTest {

    private static final String RESTORED_DATABASE = "sekisho_sftp_restored";

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void aRestoredGatewayServesTheSameBatchUnderTheSameHostKeyWithItsAuditChainIntact() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "backup");
        BatchId id = gateway.release(folder.substring(folder.lastIndexOf('/') + 1));
        long head = gateway.auditHead();
        Path archive = work.resolve("sekisho-backup.tar");
        Map<String, String> original = DeployScripts.settings(gateway.dataDirectory, gateway.database.url());
        Processes.Outcome backedUp = DeployScripts.run("backup", original, archive);
        assertEquals(0, backedUp.exitCode(), backedUp.output());
        assertTrue(backedUp.output().contains("postgresql database"), backedUp.output());
        Processes.Outcome again = DeployScripts.run("backup", original, archive);
        assertEquals(1, again.exitCode(), "a backup never overwrites a file: " + again.output());

        ScratchDatabase restoredDatabase = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER,
                ScratchDatabase.LOCAL_SUPERUSER, RESTORED_DATABASE);
        restoredDatabase.recreate(ScratchDatabase.LOCAL_SUPERUSER);
        Path restoredDirectory = work.resolve("restored-data");
        Map<String, String> target = DeployScripts.settings(restoredDirectory, restoredDatabase.url());
        Processes.Outcome restored = DeployScripts.run("restore", target, archive);
        assertEquals(0, restored.exitCode(), restored.output());
        Processes.Outcome overRestored = DeployScripts.run("restore", target, archive);
        assertEquals(1, overRestored.exitCode(), overRestored.output());
        assertTrue(overRestored.output().contains("is not empty"), overRestored.output());

        InJvmGateway second = InJvmGateway.restored(restoredDirectory, RESTORED_DATABASE, gateway.clock.instant());
        try {
            assertEquals(BatchState.AVAILABLE, second.batch(id).state());
            assertEquals(-1, second.boundary(ChainWatch.class).verifyFully().firstBrokenSeq(), "the chain verifies");
            assertTrue(second.auditHead() >= head, "every event up to the backup is there");

            // The accounts' keys of the original data directory, and its known_hosts: a changed host key fails.
            GatewaySftp sameClients = new GatewaySftp(gateway.dataDirectory, second.port());
            GatewaySftp.Result pulled = sameClients.openssh("callcenter", work, "get " + folder
                    + "/data.csv.p7m pulled.p7m");
            assertTrue(pulled.succeeded(), pulled.output());
            assertEquals(Files.readString(work.resolve("data.csv")),
                    DeployScripts.openedBy(gateway.demoFile("callcenter-recipient-key.pem"), work, "pulled.p7m"));
            assertEquals(BatchState.DELIVERED, second.batch(id).state(), "the restored gateway counts the download");
            assertEquals(BatchState.AVAILABLE, gateway.batch(id).state(), "the original gateway is another gateway");
        } finally {
            second.close();
            restoredDatabase.drop();
        }
    }

    @Test
    void restoreRefusesADamagedArchiveAndTheWrongKindOfDatabase() throws Exception {
        Path archive = work.resolve("sekisho-backup.tar");
        Map<String, String> original = DeployScripts.settings(gateway.dataDirectory, gateway.database.url());
        assertEquals(0, DeployScripts.run("backup", original, archive).exitCode());

        Processes.Outcome intoEmbedded = DeployScripts.run("restore", Map.of("SEKISHO_DATA_DIR",
                work.resolve("embedded").toString()), archive);
        assertEquals(1, intoEmbedded.exitCode());
        assertTrue(intoEmbedded.output().contains("holds a PostgreSQL database: set SEKISHO_DB_URL"),
                intoEmbedded.output());
        Processes.Outcome intoUsed = DeployScripts.run("restore",
                DeployScripts.settings(work.resolve("used"), gateway.database.url()), archive);
        assertEquals(1, intoUsed.exitCode());
        assertTrue(intoUsed.output().contains("already has") && intoUsed.output().contains("restore into an empty "
                + "database"), intoUsed.output());

        Path damaged = work.resolve("damaged");
        Files.createDirectories(damaged);
        assertTrue(Processes.attempt(Map.of(), damaged, "tar", "-xf", archive.toString()).succeeded());
        Path key = damaged.resolve("data/keys/ssh_host_ed25519_key.pub");
        Files.writeString(key, Files.readString(key).replace('A', 'B'));
        Path damagedArchive = work.resolve("damaged.tar");
        assertTrue(Processes.attempt(Map.of(), damaged, "tar", "-cf", damagedArchive.toString(), ".").succeeded());
        Processes.Outcome refused = DeployScripts.run("restore",
                DeployScripts.settings(work.resolve("d"), gateway.database.url()), damagedArchive);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.output().contains("is damaged") && refused.output().contains("ssh_host_ed25519_key.pub"),
                refused.output());
        assertFalse(Files.exists(work.resolve("d")), "nothing is written from a damaged archive");
    }

    @Test
    void aStorageDirectoryOutsideTheDataDirectoryIsBackedUpAndRestoredWhereTheSettingsSay() throws Exception {
        Uploads.newBatch(gateway, clients, work, "shared-storage");
        Path storage = gateway.dataDirectory.resolve("storage");
        Path archive = work.resolve("sekisho-backup.tar");
        Map<String, String> original = new HashMap<>(DeployScripts.settings(gateway.dataDirectory,
                gateway.database.url()));
        original.put("SEKISHO_STORAGE_DIR", storage.toString());
        Processes.Outcome backedUp = DeployScripts.run("backup", original, archive);
        assertEquals(0, backedUp.exitCode(), backedUp.output());

        ScratchDatabase restoredDatabase = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER,
                ScratchDatabase.LOCAL_SUPERUSER, RESTORED_DATABASE);
        restoredDatabase.recreate(ScratchDatabase.LOCAL_SUPERUSER);
        try {
            Path shared = work.resolve("shared-storage");
            Map<String, String> target = new HashMap<>(DeployScripts.settings(work.resolve("member-data"),
                    restoredDatabase.url()));
            target.put("SEKISHO_STORAGE_DIR", shared.toString());
            Processes.Outcome restored = DeployScripts.run("restore", target, archive);
            assertEquals(0, restored.exitCode(), restored.output());
            assertEquals(relativeFiles(storage), relativeFiles(shared), "the sealed files are where the setting says");
            assertFalse(Files.exists(work.resolve("member-data").resolve("storage")), "and nowhere else");

            restoredDatabase.recreate(ScratchDatabase.LOCAL_SUPERUSER);
            target.put("SEKISHO_DATA_DIR", work.resolve("other-data").toString());
            Processes.Outcome overShared = DeployScripts.run("restore", target, archive);
            assertEquals(1, overShared.exitCode(), overShared.output());
            assertTrue(overShared.output().contains("(SEKISHO_STORAGE_DIR) is not empty"), overShared.output());
        } finally {
            restoredDatabase.drop();
        }
    }

    private static java.util.Set<String> relativeFiles(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
