package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.CopyFileExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.transfer.entity.ForbiddenOperation;

/**
 * Every operation the tree never allows, on every kind of path an account has: refused as SFTP's "permission
 * denied" with the core's sentence, audited exactly once with the operation and its reason, and nothing changed.
 * The sweep takes the operations from the core's own list, so a new one cannot be left out.
 */
class SftpRefusalsTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void everyForbiddenOperationOnEveryKindOfPathIsRefusedAndAuditedOnce() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "refusals");
        List<String> paths = List.of(folder + "/data.csv", folder, "/" + InJvmGateway.CHANNEL);
        List<String> unexpected = new ArrayList<>();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            for (ForbiddenOperation operation : ForbiddenOperation.values()) {
                for (String path : paths) {
                    long head = gateway.auditHead();
                    SftpException refused = assertThrows(SftpException.class,
                            () -> attempt(source.sftp(), operation, path), operation + " " + path);
                    if (refused.getStatus() != SftpConstants.SSH_FX_PERMISSION_DENIED) {
                        unexpected.add(operation + " " + path + ": status " + refused.getStatus());
                    }
                    List<AuditEvent> refusals = gateway.eventsAfter(head).stream()
                            .filter(event -> event.record().outcome() == AuditEvent.Outcome.DENIED).toList();
                    if (refusals.size() != 1 || refusals.get(0).record().action() != AuditAction.SFTP_OPERATION_REFUSED
                            || !refusals.get(0).record().detail().startsWith(operation.verb())
                            || !refusals.get(0).record().detail().endsWith(operation.refusal().reason())) {
                        unexpected.add(operation + " " + path + ": audited as " + refusals.stream()
                                .map(event -> event.record().action() + " " + event.record().detail()).toList());
                    }
                }
            }
            assertEquals(List.of("data.csv"), source.names(folder).stream()
                    .filter(name -> !name.startsWith(".")).toList(), "nothing in the batch changed");
            assertEquals(List.of(InJvmGateway.CHANNEL), source.names("/").stream()
                    .filter(name -> !name.startsWith(".")).toList(), "nothing in the tree changed");
        }
        assertEquals(List.of(), unexpected);
    }

    @Test
    void openSshUsersReadWhyInTheirOwnClient() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "openssh");
        GatewaySftp.Result result = clients.openssh("benefits", work, "-rm " + folder + "/data.csv",
                "-rename " + folder + "/data.csv " + folder + "/renamed.csv",
                "-ln -s " + folder + "/data.csv " + folder + "/link.csv", "-ln " + folder + "/data.csv " + folder
                        + "/hard.csv", "-chmod 600 " + folder + "/data.csv", "-rmdir " + folder);
        assertEquals(6, result.lines("Permission denied"), result.output());
    }

    @Test
    void foldersAreBatchesAndExistOnlyDirectlyInAChannelFolder() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "folders");
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            for (String path : List.of("/top-level", folder + "/nested", "/" + InJvmGateway.CHANNEL + "/a/b")) {
                long head = gateway.auditHead();
                SftpException refused = assertThrows(SftpException.class, () -> source.sftp().mkdir(path), path);
                assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, refused.getStatus(), path);
                assertTrue(refused.getMessage().contains("Folders can be created only directly inside a channel"),
                        refused.getMessage());
                assertEquals(1, deniedSince(head), "one audit event for " + path);
            }
        }
    }

    @Test
    void filesExistOnlyInsideABatchFolder() throws Exception {
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            for (String path : List.of("/data.csv", "/" + InJvmGateway.CHANNEL + "/data.csv")) {
                long head = gateway.auditHead();
                SftpException refused = assertThrows(SftpException.class, () -> source.sftp().write(path).close(),
                        path);
                assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, refused.getStatus(), path);
                assertEquals(1, deniedSince(head), "one audit event for " + path);
            }
        }
    }

    private long deniedSince(long head) {
        return gateway.eventsAfter(head).stream()
                .filter(event -> event.record().outcome() == AuditEvent.Outcome.DENIED).count();
    }

    private static void attempt(SftpClient sftp, ForbiddenOperation operation, String path) throws Exception {
        switch (operation) {
            case REMOVE -> {
                if (path.endsWith(".csv")) {
                    sftp.remove(path);
                } else {
                    sftp.rmdir(path);
                }
            }
            case RENAME -> sftp.rename(path, path + "-renamed");
            case COPY -> sftp.getExtension(CopyFileExtension.class).copyFile(path, path + "-copy", false);
            case SYMLINK -> sftp.symLink(path + "-link", path);
            case LINK -> sftp.link(path + "-hard", path, false);
            case SET_ATTRIBUTES -> sftp.setStat(path, new SftpClient.Attributes().perms(0600));
            case TRUNCATE -> sftp.setStat(path, new SftpClient.Attributes().size(0));
            default -> throw new AssertionError("No client call for " + operation + ": add one to the sweep");
        }
    }
}
