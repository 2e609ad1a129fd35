package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.boundary.NewChannel;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Files are written once, sequentially, from the start, within the channel's data contract, and count only if
 * their handle closes cleanly: whatever breaks a rule is refused with its reason, audited once as a discarded file,
 * and leaves no byte in storage.
 */
class SftpUploadTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void aFileIsWrittenOnceAndNeverOverwrittenAppendedOrResumed() {
        String folder = Uploads.newBatch(gateway, clients, work, "once");
        GatewaySftp.Result again = clients.openssh("benefits", work, "put data.csv " + folder + "/data.csv");
        assertFalse(again.succeeded(), "an existing file cannot be overwritten: " + again.output());
        GatewaySftp.Result resumed = clients.openssh("benefits", work, "reput data.csv " + folder + "/data.csv");
        assertFalse(resumed.succeeded(), "an upload cannot be resumed: " + resumed.output());
    }

    @Test
    void aWriteOutOfOrderIsRefusedAndTheFileIsDiscardedOnce() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "order");
        long head = gateway.auditHead();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient sftp = source.sftp();
            try (SftpClient.CloseableHandle handle = sftp.open(folder + "/seek.bin", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create)) {
                sftp.write(handle, 0, "first".getBytes(StandardCharsets.US_ASCII));
                SftpException refused = assertThrows(SftpException.class,
                        () -> sftp.write(handle, 4096, "later".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, refused.getStatus());
                assertTrue(refused.getMessage().contains("written once, sequentially"), refused.getMessage());
                assertThrows(SftpException.class, () -> sftp.write(handle, 5, "more".getBytes(StandardCharsets.US_ASCII)),
                        "nothing more is taken on a broken handle");
            }
            assertFalse(source.names(folder).contains("seek.bin"), "a refused upload leaves no file");
        }
        assertOneDiscard(head, "/seek.bin", "5 bytes received; write at offset 4096");
        assertOnlySealedFilesStored(folder);
    }

    @Test
    void anUploadWhoseConnectionBreaksOffLeavesNoFileBehind() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "broken");
        long head = gateway.auditHead();
        GatewaySftp.Session source = clients.mina("benefits");
        SftpClient.CloseableHandle handle = source.sftp().open(folder + "/partial.bin", SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create);
        source.sftp().write(handle, 0, new byte[1024 * 1024]);
        source.dropConnection();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (discards(head, "/partial.bin").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertOneDiscard(head, "/partial.bin", "the connection ended before the file was closed");
        try (GatewaySftp.Session again = clients.mina("benefits")) {
            assertFalse(again.names(folder).contains("partial.bin"));
        }
        assertOnlySealedFilesStored(folder);
    }

    @Test
    void theChannelsDataContractIsCheckedWhileTheFileStreams() throws Exception {
        String channel = contractedChannel();
        String folder = "/" + channel + "/contract-" + UUID.randomUUID().toString().substring(0, 8);
        Uploads.csv(work, "ok.csv", 80);
        Uploads.csv(work, "second.csv", 80);
        Uploads.csv(work, "too-many.csv", 101);
        Files.writeString(work.resolve("notes.txt"), "not a CSV\n");
        Files.writeString(work.resolve("mynumber.csv"), "resident_id,name,my_number\n1,山田,123456789012\n");
        Files.write(work.resolve("big.csv"), ("resident_id,name,benefit_yen\n" + "1,山田,1000\n".repeat(9000))
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(clients.openssh("benefits", work, "mkdir " + folder).succeeded());

        long head = gateway.auditHead();
        GatewaySftp.Result pushed = clients.openssh("benefits", work, "-put notes.txt " + folder + "/notes.txt",
                "-put mynumber.csv " + folder + "/mynumber.csv", "-put too-many.csv " + folder + "/too-many.csv",
                "-put big.csv " + folder + "/big.csv", "put ok.csv " + folder + "/ok.csv",
                "-put second.csv " + folder + "/second.csv");
        assertEquals(5, pushed.lines("Permission denied"), pushed.output());
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            IOException refused = assertThrows(IOException.class, () -> {
                try (OutputStream out = source.sftp().write(folder + "/again.csv")) {
                    write(out, "resident_id,name,my_number\n");
                }
            });
            assertTrue(refused.getMessage().contains("my_number"),
                    "a client that shows the server's sentence reads which column was refused: " + refused);
        }

        for (String[] refused : new String[][] {{"/notes.txt", "contract-file-name"},
            {"/mynumber.csv", "contract-csv-columns"}, {"/too-many.csv", "contract-max-records-per-file"},
            {"/big.csv", "contract-max-bytes-per-file"}, {"/second.csv", "contract-max-records-per-batch"}}) {
            assertOneDiscard(head, refused[0], refused[1]);
        }
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            assertEquals(List.of("ok.csv"), source.names(folder).stream().filter(name -> !name.startsWith("."))
                    .toList());
        }
        assertOnlySealedFilesStored(folder);
        assertEquals(0, gateway.eventsAfter(head).stream()
                .filter(event -> event.record().action() == AuditAction.SFTP_OPERATION_REFUSED).count(),
                "a refused file is audited once, as discarded, not also as a refused operation");
    }

    @Test
    void aFileStillOpenWhenItsBatchsWindowClosesIsRefusedAtItsCloseAndNotKept() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "frozen");
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient sftp = source.sftp();
            SftpClient.CloseableHandle handle = sftp.open(folder + "/late.csv", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create);
            sftp.write(handle, 0, "resident_id\n1\n".getBytes(StandardCharsets.US_ASCII));
            long head = gateway.auditHead();
            gateway.clock.advance(gateway.batch(batchOf(folder)).windows().submit().plusSeconds(1));
            IOException refused = assertThrows(IOException.class, handle::close);
            assertTrue(refused.getMessage().contains("no longer accepts changes"), refused.getMessage());
            assertOneDiscard(head, "/late.csv", "batch-frozen");
        }
    }

    private String contractedChannel() throws IOException {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        gateway.boundary(Channels.class).create(gateway.caller("admin"), new NewChannel(name, "benefits",
                "callcenter", Files.readString(gateway.demoFile("callcenter-recipient-cert.pem")), 2,
                Set.of("city-welfare", "city-infopolicy"), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1), 1, List.of("*.csv"), List.of("resident_id", "name", "benefit_yen"), 10L,
                100_000L, null, 100L, 150L));
        return name;
    }

    private BatchId batchOf(String folder) {
        return gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
    }

    private List<AuditEvent> discards(long head, String pathEnd) {
        return gateway.eventsAfter(head).stream()
                .filter(event -> event.record().action() == AuditAction.FILE_DISCARDED)
                .filter(event -> event.record().subject().endsWith(pathEnd)).toList();
    }

    private void assertOneDiscard(long head, String pathEnd, String why) {
        List<AuditEvent> discarded = discards(head, pathEnd);
        assertEquals(1, discarded.size(), pathEnd + " is audited once as discarded: " + discarded);
        assertTrue(discarded.get(0).record().detail().contains(why), discarded.get(0).record().detail());
    }

    /** Storage holds exactly the sealed files of the batch: no partial file, nothing of a refused one. */
    private void assertOnlySealedFilesStored(String folder) throws IOException {
        BatchId batch = batchOf(folder);
        try (Stream<Path> stored = Files.list(gateway.storageOf(batch))) {
            List<String> names = stored.map(path -> path.getFileName().toString()).sorted().toList();
            assertEquals(gateway.storedFileNames(batch), names);
        }
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
