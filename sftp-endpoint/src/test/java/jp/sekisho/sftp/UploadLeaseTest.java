package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.persistence.MemberPresence;
import jp.sekisho.retention.boundary.RetentionSweep;
import jp.sekisho.retention.boundary.StorageReconciliation;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.transfer.boundary.UploadLeases;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Several members share the database and the storage: an upload streaming on one member is never taken up by
 * another member's start or sweep while its lease lives, and is taken up once the lease has run out (its member
 * died and stopped renewing it).
 */
class UploadLeaseTest {

    private static final byte[] HEAD = "resident_id,name,benefit_yen\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REST = "1,山田,1000\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void anotherMembersStartAndSweepLeaveAStreamingUploadAlone() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "leased");
        BatchId batch = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        long head = gateway.auditHead();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient.CloseableHandle handle = begun(source, folder + "/streaming.csv");
            source.sftp().write(handle, HEAD.length, REST, 0, REST.length / 2);
            try (InJvmContainer other = gateway.anotherMemberStarting("member-b")) {
                other.boundary(StorageReconciliation.class).inSweep();
            }
            gateway.clock.advance(UploadLeases.LEASE.dividedBy(2));
            assertEquals(1, gateway.boundary(UploadLeases.class).renew(), "the receiving member renews its lease");
            gateway.clock.advance(UploadLeases.LEASE.dividedBy(2).plusSeconds(5));
            try (InJvmContainer other = gateway.anotherMemberStarting("member-c")) {
                other.boundary(StorageReconciliation.class).inSweep();
            }
            source.sftp().write(handle, HEAD.length + REST.length / 2, REST, REST.length / 2,
                    REST.length - REST.length / 2);
            handle.close();
        }
        assertTrue(gateway.batch(batch).files().stream().anyMatch(file -> file.name().equals("streaming.csv")),
                "the upload was committed");
        assertEquals(List.of(), takenUp(head, batch), "nothing of it was taken up");
    }

    @Test
    void anUploadWhoseLeaseRanOutIsTakenUpByTheNextMemberToStart() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "lapsed");
        BatchId batch = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        long head = gateway.auditHead();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient.CloseableHandle handle = begun(source, folder + "/abandoned.csv");
            source.sftp().write(handle, HEAD.length, REST);
            // Its member stops renewing, as a member killed mid-upload would.
            gateway.clock.advance(UploadLeases.LEASE.plusSeconds(1));
            try (InJvmContainer other = gateway.anotherMemberStarting("member-d")) {
                assertEquals(1, takenUp(head, batch).stream().filter(event -> event.record().action()
                        == AuditAction.UNRECORDED_OBJECT_DELETED).count(), "recorded, audited and deleted");
            }
            assertThrows(IOException.class, handle::close, "the upload cannot be kept any more");
        }
        assertTrue(gateway.batch(batch).files().stream().noneMatch(file -> file.name().equals("abandoned.csv")));
    }

    @Test
    void theUploadOfAMemberThatDiedIsTakenUpAtOnceAndItsNameMayBeSentAgain() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "orphaned");
        BatchId batch = gateway.batchNamed(folder.substring(folder.lastIndexOf('/') + 1));
        long head = gateway.auditHead();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient.CloseableHandle handle = begun(source, folder + "/orphaned.csv");
            source.sftp().write(handle, HEAD.length, REST);
            try (InJvmContainer other = gateway.anotherMemberStarting("member-e")) {
                other.boundary(StorageReconciliation.class).inSweep();
                assertEquals(List.of(), takenUp(head, batch), "a running member's upload is left alone");
                // The receiving member dies: the database ends its session, and with it the member's presence.
                gateway.container.applicationScoped(MemberPresence.class).withdraw();
                other.start(RetentionSweep.class, "sweep");
                assertEquals(1, takenUp(head, batch).stream().filter(event -> event.record().action()
                        == AuditAction.UNRECORDED_OBJECT_DELETED).count(),
                        "taken up by the next sweep (every 5 s) of another member, its lease notwithstanding");
            } finally {
                gateway.container.applicationScoped(MemberPresence.class).announce();
            }
            assertThrows(IOException.class, handle::close, "the upload cannot be kept any more");
        }
        // The client's retry: the name is free again.
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient.CloseableHandle handle = begun(source, folder + "/orphaned.csv");
            source.sftp().write(handle, HEAD.length, REST);
            handle.close();
        }
        assertTrue(gateway.batch(batch).files().stream().anyMatch(file -> file.name().equals("orphaned.csv")),
                "the retry was committed");
    }

    /** An upload begun with its CSV header, its handle still open. */
    private static SftpClient.CloseableHandle begun(GatewaySftp.Session source, String path) throws IOException {
        SftpClient.CloseableHandle handle = source.sftp().open(path, SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create);
        source.sftp().write(handle, 0, HEAD);
        return handle;
    }

    private List<AuditEvent> takenUp(long head, BatchId batch) {
        return gateway.eventsAfter(head).stream().filter(event -> batch.value().equals(event.record().batchPublicId()))
                .filter(event -> event.record().action() == AuditAction.UNRECORDED_OBJECT_DELETED
                        || event.record().action() == AuditAction.FILE_DISCARDED).toList();
    }
}
