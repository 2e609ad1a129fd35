package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.config.StorageSettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.DeletionStatement;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.retention.boundary.StorageReconciliation;
import jp.sekisho.shared.Sha256;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.boundary.TransferOutcomes;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.control.Upload;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.VirtualPath;

/**
 * Every stored byte is accounted for, whatever fails: at each point where a fault can leave bytes in storage that the
 * database does not hold as a committed file (a close whose recording fails, an open whose commit fails, a crash while
 * streaming or between writing and committing, a purge cut off), the fault is injected, the gateway recovers the way
 * it would (its sweep, a restart, the purge), and then storage holds exactly the committed files of the batch, each
 * leftover was recorded with its SHA-256 and size in an audit event before it was deleted, and a deletion certificate
 * lists every object the purge deleted.
 */
class SftpStorageAccountingTest {

    private static final AccountSession SOURCE = new AccountSession(new AccountName("benefits"),
            "127.0.0.1 port 40022");
    private static final byte[] LATE = "resident_id,name,benefit_yen\n9,鈴木,500\n".getBytes(StandardCharsets.UTF_8);

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @AfterEach
    void heal() {
        gateway.container.healed();
    }

    /** How the gateway takes up what the fault left. */
    enum Recovery {
        /** The next sweep of this instance. */
        SWEEP,
        /** A sweep once nobody wrote to the leftover for the configured time (another instance may have been). */
        SWEEP_ONCE_UNCLAIMED,
        /** The start after a crash. */
        RESTART,
        /** The requester withdraws the batch: its purge. */
        WITHDRAWAL
    }

    /** Where a fault leaves bytes, and how the gateway comes to take them up. */
    enum FaultPoint {
        CLOSE_NOT_RECORDED(Recovery.SWEEP),
        DISCARD_NOT_RECORDED(Recovery.SWEEP),
        OPEN_NOT_COMMITTED(Recovery.SWEEP_ONCE_UNCLAIMED),
        CRASH_WHILE_STREAMING(Recovery.RESTART),
        CRASH_BETWEEN_WRITE_AND_COMMIT(Recovery.RESTART),
        CLOSE_NOT_RECORDED_THEN_WITHDRAWN(Recovery.WITHDRAWAL),
        PURGE_CUT_OFF_AFTER_DELETING(Recovery.RESTART),
        PURGE_CUT_OFF_BEFORE_DELETING(Recovery.SWEEP);

        final Recovery recovery;

        FaultPoint(Recovery recovery) {
            this.recovery = recovery;
        }
    }

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void whateverAFaultLeavesIsRecordedAuditedAndDeletedAndStorageAgreesWithTheDatabase(FaultPoint point)
            throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "fault");
        BatchId batch = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        Map<String, String> committed = objectsOf(batch);
        long head = gateway.auditHead();

        Upload crashed = leave(point, folder, batch);
        Map<String, String> leftovers = objectsOf(batch);
        leftovers.keySet().removeAll(committed.keySet());
        if (point.name().startsWith("PURGE")) {
            cutOffThePurge(point, batch);
        }

        recover(point, batch);

        assertStorageAgreesWithTheDatabase(batch);
        for (Map.Entry<String, String> leftover : leftovers.entrySet()) {
            assertDeletionRecordedOnce(head, batch, leftover.getKey(), leftover.getValue());
        }
        if (point == FaultPoint.DISCARD_NOT_RECORDED) {
            assertTrue(leftovers.isEmpty(), "the upload deleted its part itself: " + leftovers);
            assertEquals(1, events(head, batch, AuditAction.FILE_DISCARDED).stream().filter(event -> event.record()
                    .detail().contains("never recorded")).count(), "the row it left is discarded, audited once");
        } else {
            assertFalse(leftovers.isEmpty(), point + " leaves bytes behind");
        }
        if (point.recovery == Recovery.WITHDRAWAL || point.name().startsWith("PURGE")) {
            assertCertificateListsEverything(batch, committed, leftovers);
        }
        if (crashed != null) {
            crashed.end();
        }
    }

    @Test
    void objectsNoBatchAccountsForAreDeletedOnceUnclaimedWhereverTheyLie() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "strays");
        BatchId live = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        String purgedFolder = Uploads.newBatch(gateway, clients, work, "purged");
        BatchId purged = gateway.batchNamed(purgedFolder.substring(purgedFolder.lastIndexOf('/') + 1));
        gateway.boundary(Batches.class).withdraw(gateway.caller("requester"), purged);
        Path storage = gateway.dataDirectory.resolve("storage");
        Map<Path, byte[]> strays = new LinkedHashMap<>();
        strays.put(storage.resolve("stray-at-the-root.bin"), new byte[] {1, 2, 3});
        strays.put(Files.createDirectories(storage.resolve(UUID.randomUUID().toString()))
                .resolve(UUID.randomUUID() + ".p7m"), new byte[] {4});
        strays.put(gateway.storageOf(live).resolve("copied-in.csv"), new byte[] {5, 6});
        strays.put(Files.createDirectories(gateway.storageOf(purged)).resolve(UUID.randomUUID() + ".p7m"),
                new byte[] {7, 8, 9});
        for (Map.Entry<Path, byte[]> stray : strays.entrySet()) {
            Files.write(stray.getKey(), stray.getValue());
            Files.setLastModifiedTime(stray.getKey(), FileTime.from(gateway.clock.instant()));
        }
        long head = gateway.auditHead();

        gateway.boundary(StorageReconciliation.class).inSweep();
        strays.keySet().forEach(stray -> assertTrue(Files.exists(stray), "left alone a while: " + stray));

        gateway.clock.advance(StorageSettings.defaults().unclaimedAfter().plusMinutes(1));
        gateway.boundary(StorageReconciliation.class).inSweep();

        for (Map.Entry<Path, byte[]> stray : strays.entrySet()) {
            assertFalse(Files.exists(stray.getKey()), stray.getKey() + " is deleted");
            String recorded = "object=" + stray.getKey().getFileName() + " sha256=" + Sha256.hex(stray.getValue())
                    + " size=" + stray.getValue().length + ";";
            assertEquals(1, gateway.eventsAfter(head).stream()
                    .filter(event -> event.record().action() == AuditAction.UNRECORDED_OBJECT_DELETED)
                    .filter(event -> event.record().detail().startsWith(recorded)).count(),
                    "audited once with its SHA-256 and size: " + recorded);
        }
        assertStorageAgreesWithTheDatabase(live);
        assertFalse(Files.exists(gateway.storageOf(purged)));
    }

    /** Brings about the fault; returns the upload a crash abandoned, if any, to be released at the end. */
    private Upload leave(FaultPoint point, String folder, BatchId batch) throws Exception {
        InJvmContainer core = gateway.container;
        switch (point) {
            case CLOSE_NOT_RECORDED, CLOSE_NOT_RECORDED_THEN_WITHDRAWN, PURGE_CUT_OFF_AFTER_DELETING,
                    PURGE_CUT_OFF_BEFORE_DELETING -> {
                core.fail(TransferOutcomes.class, "keep", InJvmContainer.Moment.BEFORE_WORK, 1,
                        InJvmContainer::databaseDown);
                try (GatewaySftp.Session source = clients.mina("benefits")) {
                    SftpClient.CloseableHandle handle = source.sftp().open(folder + "/late.csv",
                            SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
                    source.sftp().write(handle, 0, LATE);
                    assertThrows(IOException.class, handle::close, "the client hears that its close failed");
                }
                return null;
            }
            case DISCARD_NOT_RECORDED -> {
                core.fail(TransferOutcomes.class, "discard", InJvmContainer.Moment.BEFORE_WORK, 1,
                        InJvmContainer::databaseDown);
                try (GatewaySftp.Session source = clients.mina("benefits")) {
                    SftpClient.CloseableHandle handle = source.sftp().open(folder + "/late.csv",
                            SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
                    source.sftp().write(handle, 0, LATE);
                    assertThrows(IOException.class, () -> source.sftp().write(handle, 4096, LATE));
                }
                assertEquals(1, receivingRows(batch), "the discard was not recorded: its row is still receiving");
                return null;
            }
            case OPEN_NOT_COMMITTED -> {
                core.fail(Transfers.class, "openForWrite", InJvmContainer.Moment.BEFORE_COMMIT, 1,
                        InJvmContainer::databaseDown);
                try (GatewaySftp.Session source = clients.mina("benefits")) {
                    assertThrows(IOException.class, () -> source.sftp().open(folder + "/late.csv",
                            SftpClient.OpenMode.Write, SftpClient.OpenMode.Create));
                }
                // As if written just now by the gateway's clock: another instance might be streaming it.
                try (Stream<Path> objects = Files.list(gateway.storageOf(batch))) {
                    for (Path object : objects.toList()) {
                        Files.setLastModifiedTime(object, FileTime.from(gateway.clock.instant()));
                    }
                }
                gateway.boundary(StorageReconciliation.class).inSweep();
                assertEquals(2, objectsOf(batch).size(), "a fresh object nobody accounts for is left alone a while");
                return null;
            }
            case CRASH_WHILE_STREAMING, CRASH_BETWEEN_WRITE_AND_COMMIT -> {
                Upload upload = assertInstanceOf(Upload.class, gateway.boundary(Transfers.class)
                        .openForWrite(SOURCE, VirtualPath.of(folder + "/late.csv")));
                // More than the upload buffers, so that part of it has reached the disk.
                upload.write(0, ByteBuffer.wrap(("resident_id,name,benefit_yen\n" + "1,山田,1000\n".repeat(30_000))
                        .getBytes(StandardCharsets.UTF_8)));
                if (point == FaultPoint.CRASH_BETWEEN_WRITE_AND_COMMIT) {
                    assertInstanceOf(Upload.Sealed.class, upload.end().orElseThrow(), "written and committed to "
                            + "storage; the crash comes before the database hears of it");
                    return null;
                }
                return upload;
            }
            default -> throw new IllegalArgumentException(point.name());
        }
    }

    /** The batch is withdrawn, and its purge fails before it deletes anything, or after, before it commits. */
    private void cutOffThePurge(FaultPoint point, BatchId batch) {
        gateway.container.fail(Retention.class, "deleteAndCertify", point == FaultPoint.PURGE_CUT_OFF_AFTER_DELETING
                ? InJvmContainer.Moment.BEFORE_COMMIT : InJvmContainer.Moment.BEFORE_WORK, 1,
                InJvmContainer::databaseDown);
        gateway.boundary(Batches.class).withdraw(gateway.caller("requester"), batch);
        assertEquals(null, gateway.batch(batch).purgedAt(), "the purge was cut off");
    }

    private void recover(FaultPoint point, BatchId batch) {
        switch (point.recovery) {
            case SWEEP -> {
                gateway.boundary(StorageReconciliation.class).inSweep();
                gateway.boundary(Retention.class).sweep();
            }
            case SWEEP_ONCE_UNCLAIMED -> {
                gateway.clock.advance(StorageSettings.defaults().unclaimedAfter().plusMinutes(1));
                gateway.boundary(StorageReconciliation.class).inSweep();
            }
            case RESTART -> gateway.restarted().close();
            case WITHDRAWAL -> gateway.boundary(Batches.class).withdraw(gateway.caller("requester"), batch);
            default -> throw new IllegalArgumentException(point.name());
        }
    }

    /** Storage holds exactly the committed files of a batch not yet purged, nothing of a purged one. */
    private void assertStorageAgreesWithTheDatabase(BatchId id) throws IOException {
        Batch batch = gateway.container.read(entityManager -> {
            Batch found = entityManager.createQuery("SELECT b FROM Batch b WHERE b.publicId = :id", Batch.class)
                    .setParameter("id", id.value()).getSingleResult();
            found.files().size();
            return found;
        });
        assertEquals(0, batch.files().stream().filter(file -> !file.sealed()).count(), "no row is left receiving");
        List<String> expected = batch.ending().purgedAt() != null ? List.of() : batch.files().stream()
                .map(file -> file.storageKey() + ".p7m").sorted().toList();
        assertEquals(expected, List.copyOf(objectsOf(id).keySet()));
    }

    private void assertDeletionRecordedOnce(long head, BatchId batch, String object, String sha256) {
        List<AuditEvent> recorded = events(head, batch, AuditAction.UNRECORDED_OBJECT_DELETED).stream()
                .filter(event -> event.record().detail().startsWith("object=" + object + " ")).toList();
        assertEquals(1, recorded.size(), object + " is audited once as deleted: " + recorded);
        assertTrue(recorded.get(0).record().detail().contains("sha256=" + sha256), recorded.get(0).record().detail());
    }

    private void assertCertificateListsEverything(BatchId batch, Map<String, String> committed,
            Map<String, String> leftovers) {
        var view = gateway.boundary(Retention.class).certificateOf(gateway.caller("auditor"), batch).orElseThrow();
        DeletionStatement statement = DeletionStatement.parse(view.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(committed.values().stream().sorted().toList(), statement.files().stream()
                .map(DeletionStatement.DeletedFile::sealedSha256).sorted().toList(), "every committed file");
        assertEquals(new TreeMap<>(leftovers), new TreeMap<>(statement.unrecordedObjects().stream().collect(
                java.util.stream.Collectors.toMap(DeletionStatement.UnrecordedObject::object,
                        DeletionStatement.UnrecordedObject::sha256))), "and every other object it deleted");
        statement.unrecordedObjects().forEach(object -> assertEquals("late.csv", object.name()));
        assertNotNull(gateway.batch(batch).purgedAt());
    }

    private List<AuditEvent> events(long head, BatchId batch, AuditAction action) {
        return gateway.eventsAfter(head).stream().filter(event -> event.record().action() == action)
                .filter(event -> batch.value().equals(event.record().batchPublicId())).toList();
    }

    private long receivingRows(BatchId id) {
        return gateway.container.read(entityManager -> entityManager.createQuery("SELECT COUNT(f) FROM BatchFile f "
                + "WHERE f.batch.publicId = :id AND f.state = :receiving", Long.class).setParameter("id", id.value())
                .setParameter("receiving", BatchFile.State.RECEIVING).getSingleResult());
    }

    /** What the batch's storage folder holds: object name → SHA-256 of its bytes. */
    private Map<String, String> objectsOf(BatchId batch) throws IOException {
        Map<String, String> objects = new TreeMap<>();
        if (!Files.exists(gateway.storageOf(batch))) {
            return objects;
        }
        try (Stream<Path> files = Files.list(gateway.storageOf(batch))) {
            for (Path file : files.toList()) {
                objects.put(file.getFileName().toString(), Sha256.hex(Files.readAllBytes(file)));
            }
        }
        return objects;
    }

}
