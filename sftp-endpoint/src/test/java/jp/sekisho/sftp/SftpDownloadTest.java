package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.control.ReceiptUpload;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.BatchState;

/**
 * The destination pulls a released batch: a file counts as downloaded only when every byte of it was read before the
 * handle closed; when every file was, the batch is delivered and its ciphertext purged at once. The source cannot
 * read back, the destination cannot write anything but its receipt, and a receipt is small and written once.
 */
class SftpDownloadTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void aPartialReadDoesNotCountAndAFullOneDeliversAndPurgesTheBatch() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "pull");
        BatchId id = gateway.release(name(folder));
        String sealed = folder + "/data.csv.p7m";
        long head = gateway.auditHead();
        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            SftpClient sftp = destination.sftp();
            long size = sftp.stat(sealed).getSize();
            try (SftpClient.CloseableHandle handle = sftp.open(sealed, SftpClient.OpenMode.Read)) {
                sftp.read(handle, 0, new byte[16], 0, 16);
            }
            assertEquals(1, count(head, AuditAction.DOWNLOAD_INCOMPLETE));
            assertEquals(BatchState.AVAILABLE, gateway.batch(id).state(), "a partial read delivers nothing");
            assertTrue(destination.names(folder).contains("data.csv.p7m"));

            byte[] stored = Files.readAllBytes(gateway.storageOf(id).resolve(gateway.storedFileNames(id).get(0)));
            byte[] whole = new byte[(int) size];
            try (SftpClient.CloseableHandle handle = sftp.open(sealed, SftpClient.OpenMode.Read)) {
                // Out of order, as parallel clients read: what counts is that every byte was read.
                int tail = sftp.read(handle, size / 2, whole, (int) (size / 2), (int) (size - size / 2));
                int headPart = sftp.read(handle, 0, whole, 0, (int) (size / 2));
                assertEquals(size, tail + headPart);
            }
            assertArrayEquals(stored, whole, "the destination gets exactly the stored ciphertext");
        }
        BatchView delivered = gateway.batch(id);
        assertEquals(BatchState.DELIVERED, delivered.state());
        assertNotNull(delivered.purgedAt(), "purged as soon as it was delivered");
        assertFalse(Files.exists(gateway.storageOf(id)), "no byte of it is left in storage");
        assertTrue(gateway.boundary(Retention.class).certificateOf(gateway.caller("auditor"), id).isPresent(), "a deletion certificate is issued");
        assertEquals(1, count(head, AuditAction.FILE_DOWNLOADED));
        assertEquals(1, count(head, AuditAction.BATCH_DELIVERED));
        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            assertEquals(List.of("manifest.json", "manifest.json.p7s"), destination.names(folder).stream()
                    .filter(each -> !each.startsWith(".")).sorted().toList(),
                    "the folder stays for the receipt, without the file");
        }
    }

    @Test
    void theSourceCannotReadBackAndTheDestinationCannotWrite() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "roles");
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            assertRefused(() -> source.sftp().read(folder + "/data.csv").close(), "cannot read files back");
        }
        gateway.release(name(folder));
        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            assertRefused(() -> destination.sftp().mkdir("/" + InJvmGateway.CHANNEL + "/mine"), "can only read");
            assertRefused(() -> {
                try (OutputStream out = destination.sftp().write(folder + "/extra.csv")) {
                    out.write(1);
                }
            }, "can only read");
        }
    }

    @Test
    void aReceiptIsWrittenOnceFromItsFirstByteAndIsSmall() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "receipt");
        BatchId id = gateway.release(name(folder));
        long head = gateway.auditHead();
        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            SftpClient sftp = destination.sftp();
            try (SftpClient.CloseableHandle handle = sftp.open(folder + "/receipt.p7s", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create)) {
                sftp.write(handle, 0, new byte[ReceiptUpload.MAX_BYTES / 2]);
                SftpException tooLarge = assertThrows(SftpException.class,
                        () -> sftp.write(handle, ReceiptUpload.MAX_BYTES / 2, new byte[ReceiptUpload.MAX_BYTES]));
                assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, tooLarge.getStatus());
                assertTrue(tooLarge.getMessage().contains("at most " + ReceiptUpload.MAX_BYTES + " bytes"),
                        tooLarge.getMessage());
            }
            try (SftpClient.CloseableHandle handle = sftp.open(folder + "/receipt.p7s", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create)) {
                SftpException outOfOrder = assertThrows(SftpException.class,
                        () -> sftp.write(handle, 10, new byte[10]));
                assertTrue(outOfOrder.getMessage().contains("sequentially"), outOfOrder.getMessage());
            }
            IOException notSigned = assertThrows(IOException.class, () -> {
                try (OutputStream out = sftp.write(folder + "/receipt.p7s")) {
                    out.write("not a signed receipt".getBytes());
                }
            });
            assertTrue(notSigned.getMessage().contains("not signed by the batch's recipient"), notSigned.getMessage());
        }
        assertEquals(3, count(head, AuditAction.RECEIPT_REFUSED), "each refused receipt is audited once");
        assertNull(gateway.batch(id).receipt(), "nothing was recorded");
    }

    @Test
    void theManifestAndItsSignatureCanBeReadAnyNumberOfTimesAndEachReadIsRecorded() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "manifest");
        gateway.release(name(folder));
        long head = gateway.auditHead();
        GatewaySftp.Result pulled = clients.openssh("callcenter", work, "get " + folder + "/manifest.json",
                "get " + folder + "/manifest.json", "get " + folder + "/manifest.json.p7s");
        assertTrue(pulled.succeeded(), pulled.output());
        assertTrue(Files.readString(work.resolve("manifest.json")).contains("sekisho-released-manifest/1"));
        assertEquals(3, count(head, AuditAction.MANIFEST_DOWNLOADED));
    }

    private long count(long head, AuditAction action) {
        return gateway.eventsAfter(head).stream().filter(event -> event.record().action() == action).count();
    }

    private static String name(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable attempt, String why) {
        IOException refused = assertThrows(IOException.class, attempt);
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }

    static boolean denied(AuditEvent event) {
        return event.record().outcome() == AuditEvent.Outcome.DENIED;
    }
}
