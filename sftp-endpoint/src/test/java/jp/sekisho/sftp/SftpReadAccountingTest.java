package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.transfer.boundary.TransferOutcomes;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.boundary.UnrecordedReads;
import jp.sekisho.transfer.control.Download;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.BatchState;
import jp.sekisho.transfer.entity.VirtualPath;

/**
 * Every read is audited with the byte ranges that left, however it ends: closed after every byte or after some,
 * cut off by the client's connection, closed while the database is down, or cut off by a crash of the gateway. The
 * ranges are journaled before the bytes leave, and a read whose end did not reach the audit trail is recorded from
 * its journal by the sweep or at the next start. Only a clean close after every byte counts as a download.
 */
class SftpReadAccountingTest {

    private static final AccountSession DESTINATION = new AccountSession(new AccountName("callcenter"),
            "127.0.0.1 port 40023");
    private static final int PARTIAL = 16;

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @AfterEach
    void heal() {
        gateway.container.healed();
    }

    /** How a read ends. */
    enum Ending {
        CLOSED_AFTER_EVERY_BYTE,
        CLOSED_AFTER_SOME,
        CONNECTION_DROPPED_AFTER_EVERY_BYTE,
        CLOSE_NOT_RECORDED_AFTER_EVERY_BYTE,
        GATEWAY_CRASHED_AFTER_EVERY_BYTE
    }

    static Stream<Arguments> everyEndingOfEveryKindOfRead() {
        return Stream.of(Ending.values()).flatMap(ending -> Stream.of("data.csv.p7m", "manifest.json")
                .map(file -> Arguments.of(ending, file)));
    }

    @ParameterizedTest(name = "{1}, {0}")
    @MethodSource("everyEndingOfEveryKindOfRead")
    void everyReadIsAuditedWithItsRangesHoweverItEnds(Ending ending, String file) throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "reads");
        BatchId batch = gateway.release(folder.substring(folder.lastIndexOf('/') + 1));
        String path = folder + "/" + file;
        long head = gateway.auditHead();

        long size = read(ending, path);

        long bytes = ending == Ending.CLOSED_AFTER_SOME ? PARTIAL : size;
        String expected = bytes + " bytes read: bytes 0-" + bytes + " of " + size;
        AuditEvent read = awaitTheOneRead(head, path);
        assertTrue(read.record().detail().startsWith(expected), read.record().detail());
        assertEquals("callcenter", read.record().actor());
        boolean counts = ending == Ending.CLOSED_AFTER_EVERY_BYTE && file.endsWith(".p7m");
        AuditAction action = file.equals("manifest.json") ? AuditAction.MANIFEST_DOWNLOADED
                : counts ? AuditAction.FILE_DOWNLOADED : AuditAction.DOWNLOAD_INCOMPLETE;
        assertEquals(action, read.record().action(), read.record().detail());
        assertEquals(counts ? BatchState.DELIVERED : BatchState.AVAILABLE, gateway.batch(batch).state(),
                "only a clean close after every byte counts as a download");
        if (ending.name().startsWith("CLOSE_NOT_RECORDED") || ending.name().startsWith("GATEWAY_CRASHED")
                || ending.name().startsWith("CONNECTION")) {
            assertTrue(read.record().detail().contains(ending.name().startsWith("CONNECTION") ? "connection ended"
                    : "recorded from its read journal"), "and it says how it ended: " + read.record().detail());
        }
        assertNoJournalLeft();
    }

    /** Reads the file as the ending asks; returns its size. */
    private long read(Ending ending, String path) throws Exception {
        if (ending == Ending.GATEWAY_CRASHED_AFTER_EVERY_BYTE) {
            Download download = gateway.boundary(Transfers.class).openForRead(DESTINATION, VirtualPath.of(path));
            assertEquals(download.size(), download.read(0, ByteBuffer.allocate((int) download.size())));
            gateway.restarted().close();
            download.end();
            return download.size();
        }
        if (ending == Ending.CLOSE_NOT_RECORDED_AFTER_EVERY_BYTE) {
            gateway.container.fail(TransferOutcomes.class, "record", InJvmContainer.Moment.BEFORE_WORK, 1,
                    InJvmContainer::databaseDown);
        }
        GatewaySftp.Session destination = clients.mina("callcenter");
        SftpClient sftp = destination.sftp();
        long size = sftp.stat(path).getSize();
        SftpClient.CloseableHandle handle = sftp.open(path, SftpClient.OpenMode.Read);
        int wanted = ending == Ending.CLOSED_AFTER_SOME ? PARTIAL : (int) size;
        byte[] buffer = new byte[wanted];
        for (int at = 0; at < wanted; ) {
            at += sftp.read(handle, at, buffer, at, wanted - at);
        }
        switch (ending) {
            case CONNECTION_DROPPED_AFTER_EVERY_BYTE -> destination.dropConnection();
            case CLOSE_NOT_RECORDED_AFTER_EVERY_BYTE -> {
                assertThrows(IOException.class, handle::close, "the client hears that its close failed");
                destination.close();
                assertEquals(1, journals().size(), "the journal stays until the read is recorded");
                gateway.boundary(UnrecordedReads.class).inSweep();
            }
            default -> {
                handle.close();
                destination.close();
            }
        }
        return size;
    }

    private AuditEvent awaitTheOneRead(long head, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<AuditEvent> reads = reads(head, path);
        while (reads.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            reads = reads(head, path);
        }
        assertEquals(1, reads.size(), "one event for the read: " + reads);
        return reads.get(0);
    }

    private List<AuditEvent> reads(long head, String path) {
        return gateway.eventsAfter(head).stream().filter(event -> List.of(AuditAction.FILE_DOWNLOADED,
                AuditAction.DOWNLOAD_INCOMPLETE, AuditAction.MANIFEST_DOWNLOADED).contains(event.record().action()))
                .filter(event -> event.record().subject().equals(path)).toList();
    }

    private void assertNoJournalLeft() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!journals().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), journals(), "a recorded read leaves no journal");
    }

    private List<Path> journals() throws IOException {
        Path directory = gateway.dataDirectory.resolve("reads");
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
