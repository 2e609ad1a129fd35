package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.config.StorageSettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.transfer.boundary.StorageSpace;
import jp.sekisho.transfer.control.StorageAlarm;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/**
 * A full disk is named as such wherever it strikes: the client hears "Storage full" (SFTP's plain failure, with the
 * gateway's sentence), the audit trail records the file as discarded (or the read as refused) for "storage-full",
 * and the log says "Storage full" once; no later write of the same upload is taken for an out-of-order one. What
 * needs no storage (a receipt) goes on. Readiness reports low space before the disk is full.
 */
class SftpStorageFullTest {

    private static final String HEADER = "resident_id,name,benefit_yen\n";

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler logs = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path work;

    @BeforeEach
    void watchTheLog() {
        // The alarm speaks at most once a minute: each case starts after a quiet minute.
        gateway.clock.advance(Duration.ofMinutes(2));
        Logger.getLogger(StorageAlarm.class.getName()).addHandler(logs);
    }

    @AfterEach
    void freeTheDisk() {
        gateway.disk.free();
        Logger.getLogger(StorageAlarm.class.getName()).removeHandler(logs);
    }

    /** Where a full disk strikes. */
    enum Where {
        UPLOAD_OPEN,
        UPLOAD_WHILE_STREAMING,
        UPLOAD_SEAL_AT_CLOSE,
        READ_OPEN,
        READ_WHILE_STREAMING
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aFullDiskIsNamedToTheClientTheAuditTrailAndTheLogOnce(Where where) throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "full");
        BatchId batch = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        if (where.name().startsWith("READ")) {
            gateway.release(folder.substring(folder.lastIndexOf('/') + 1));
        }
        long head = gateway.auditHead();

        SftpException heard = assertThrows(SftpException.class, () -> strike(where, folder));

        assertEquals(SftpConstants.SSH_FX_FAILURE, heard.getStatus());
        assertTrue(heard.getMessage().startsWith("Storage full:"), heard.getMessage());
        List<AuditEvent> named = gateway.eventsAfter(head).stream()
                .filter(event -> event.record().detail() != null && event.record().detail().contains("storage-full"))
                .toList();
        assertEquals(1, named.size(), "audited once, as storage full: " + gateway.eventsAfter(head));
        AuditAction expected = switch (where) {
            case UPLOAD_OPEN, UPLOAD_WHILE_STREAMING, UPLOAD_SEAL_AT_CLOSE -> AuditAction.FILE_DISCARDED;
            case READ_OPEN -> AuditAction.SFTP_OPERATION_REFUSED;
            case READ_WHILE_STREAMING -> AuditAction.DOWNLOAD_INCOMPLETE;
        };
        assertEquals(expected, named.get(0).record().action(), named.get(0).record().detail());
        assertFalse(gateway.eventsAfter(head).stream().anyMatch(event -> String.valueOf(event.record().detail())
                .contains("out-of-order")), "no write is taken for an out-of-order one");
        assertEquals(1, logged.stream().filter(record -> record.getMessage().startsWith("Storage full:")).count(),
                "logged once, as storage full");
        assertOnlySealedFilesStored(batch);
    }

    @Test
    void aReceiptNeedsNoStorageAndIsRecordedWhileTheDiskIsFull() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "receipt-full");
        BatchId batch = gateway.release(folder.substring(folder.lastIndexOf('/') + 1));
        byte[] receipt = signedReceipt(batch);
        gateway.disk.fill();

        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            try (var out = destination.sftp().write(folder + "/" + Receipt.FILE_NAME)) {
                out.write(receipt);
            }
        }

        assertNotNull(gateway.batch(batch).receipt(), "the receipt is recorded");
    }

    @Test
    void readinessReportsLowStorageBelowTheMinimumAndSaysSoInTheLogOnce() {
        long minimum = StorageSettings.defaults().minFreeBytes();
        gateway.disk.leave(minimum - 1);
        StorageSpace.Status low = gateway.boundary(StorageSpace.class).now();
        gateway.boundary(StorageSpace.class).now();

        assertTrue(low.low());
        assertEquals("low: " + (minimum - 1) + " bytes free, below the minimum of " + minimum, low.describe());
        assertEquals(1, logged.stream().filter(record -> record.getMessage().startsWith("Storage low:")).count());

        gateway.disk.free();
        assertFalse(gateway.boundary(StorageSpace.class).now().low(), "this machine's disk has room");
    }

    /** Fills the disk at the point named, and does what a client does there. */
    private void strike(Where where, String folder) throws IOException {
        try (GatewaySftp.Session session = clients.mina(where.name().startsWith("READ") ? "callcenter" : "benefits")) {
            SftpClient sftp = session.sftp();
            switch (where) {
                case UPLOAD_OPEN -> {
                    gateway.disk.fill();
                    sftp.open(folder + "/late.csv", SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
                }
                case UPLOAD_WHILE_STREAMING -> {
                    gateway.disk.leave(64 * 1024);
                    byte[] chunk = (HEADER + "1,山田,1000\n".repeat(3000)).getBytes(StandardCharsets.UTF_8);
                    try (SftpClient.CloseableHandle handle = sftp.open(folder + "/late.csv",
                            SftpClient.OpenMode.Write, SftpClient.OpenMode.Create)) {
                        for (long at = 0; at < 4L * 1024 * 1024; at += chunk.length) {
                            sftp.write(handle, at, chunk);
                        }
                    }
                }
                case UPLOAD_SEAL_AT_CLOSE -> {
                    // A small file stays in the upload's buffers until the close seals it.
                    gateway.disk.leave(100);
                    SftpClient.CloseableHandle handle = sftp.open(folder + "/late.csv", SftpClient.OpenMode.Write,
                            SftpClient.OpenMode.Create);
                    sftp.write(handle, 0, (HEADER + "1,山田,1000\n").getBytes(StandardCharsets.UTF_8));
                    handle.close();
                }
                case READ_OPEN -> {
                    gateway.disk.fill();
                    sftp.open(folder + "/data.csv.p7m", SftpClient.OpenMode.Read);
                }
                case READ_WHILE_STREAMING -> {
                    try (SftpClient.CloseableHandle handle = sftp.open(folder + "/data.csv.p7m",
                            SftpClient.OpenMode.Read)) {
                        assertEquals(16, sftp.read(handle, 0, new byte[16], 0, 16));
                        gateway.disk.fill();
                        // A range apart from the first needs a line of its own in the journal: there is no room.
                        sftp.read(handle, 64, new byte[16], 0, 16);
                    }
                }
                default -> throw new IllegalArgumentException(where.name());
            }
        }
    }

    /** The recipient's receipt for the batch, as sekisho-cli signs it. */
    private byte[] signedReceipt(BatchId id) throws IOException {
        String released = gateway.container.read(entityManager -> entityManager
                .createQuery("SELECT b FROM Batch b WHERE b.publicId = :id", Batch.class).setParameter("id", id.value())
                .getSingleResult().release().manifestJson());
        ReleasedManifest manifest = ReleasedManifest.parse(released.getBytes(StandardCharsets.UTF_8));
        Receipt receipt = new Receipt(id.value(), manifest.manifestDigest(), manifest.files().stream()
                .map(file -> new Receipt.ReceivedFile(file.name(), file.size(), file.sha256(), file.records()))
                .toList(), gateway.clock.instant());
        SelfSignedCredentials recipient = SelfSignedCredentials.fromPem(
                Files.readString(gateway.demoFile("callcenter-recipient-cert.pem")),
                Files.readString(gateway.demoFile("callcenter-recipient-key.pem")));
        PrivateKey key = recipient.privateKey();
        X509Certificate certificate = recipient.certificate();
        return CmsSignatures.signEncapsulated(receipt.toJson(), key, certificate);
    }

    /** Storage holds exactly the sealed files of the batch: nothing of what the full disk cut off. */
    private void assertOnlySealedFilesStored(BatchId batch) throws IOException {
        List<String> stored;
        try (Stream<Path> files = Files.list(gateway.storageOf(batch))) {
            stored = files.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertEquals(gateway.storedFileNames(batch), stored);
    }
}
