package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.transfer.entity.BatchId;

/**
 * What each account sees of its virtual tree, through real clients: a folder per channel; the source the batches it
 * fills, the destination only released ones (each file sealed, beside the signed manifest); nothing outside.
 */
class SftpTreeTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void eachAccountSeesAFolderPerChannelItIsOn() throws Exception {
        try (GatewaySftp.Session source = clients.mina("benefits");
             GatewaySftp.Session destination = clients.mina("callcenter")) {
            assertEquals(List.of(InJvmGateway.CHANNEL), source.names("/").stream().filter(this::real).toList());
            assertEquals(List.of(InJvmGateway.CHANNEL), destination.names("/").stream().filter(this::real).toList());
            SftpClient.Attributes root = source.sftp().stat("/");
            assertTrue(root.isDirectory());
        }
    }

    @Test
    void pathsCannotLeaveTheAccountsTree() throws Exception {
        Files.writeString(work.resolve("x.csv"), "a,b\n1,2\n");
        GatewaySftp.Result result = clients.openssh("benefits", work, "cd /../../..", "pwd", "ls -a",
                "-put x.csv /../../tmp/x.csv", "-get /../../etc/passwd", "-get /etc/passwd");
        assertTrue(result.printed().contains("Remote working directory: /"), result.output());
        assertTrue(result.printed().contains(InJvmGateway.CHANNEL), "the root lists the account's channels");
        assertFalse(Files.exists(work.resolve("passwd")), "nothing outside the tree can be read: " + result.output());
    }

    @Test
    void theSourceSeesWhatItFillsAndTheDestinationOnlyWhatWasReleased() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "release");
        String name = folder.substring(folder.lastIndexOf('/') + 1);
        try (GatewaySftp.Session source = clients.mina("benefits");
             GatewaySftp.Session destination = clients.mina("callcenter")) {
            assertEquals(List.of("data.csv"), source.names(folder).stream().filter(this::real).toList());
            assertEquals(Files.size(work.resolve("data.csv")), source.sftp().stat(folder + "/data.csv").getSize(),
                    "the source sees its plaintext size");
            assertFalse(destination.names("/" + InJvmGateway.CHANNEL).contains(name),
                    "nothing reaches the destination before two approvals");
            assertNotFound(() -> destination.sftp().stat(folder));

            BatchId id = gateway.release(name);

            assertTrue(destination.names("/" + InJvmGateway.CHANNEL).contains(name));
            assertEquals(List.of("data.csv.p7m", "manifest.json", "manifest.json.p7s"),
                    destination.names(folder).stream().filter(this::real).sorted().toList());
            assertEquals(Files.size(gateway.storageOf(id).resolve(gateway.storedFileNames(id).get(0))),
                    destination.sftp().stat(folder + "/data.csv.p7m").getSize(), "the destination sees sealed sizes");
            assertFalse(source.names("/" + InJvmGateway.CHANNEL).contains(name), "a submitted batch leaves the source");
        }
    }

    @Test
    void whatAnAccountMayNotSeeDoesNotExistForIt() throws Exception {
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            assertNotFound(() -> source.sftp().stat("/no-such-channel"));
            assertNotFound(() -> source.sftp().stat("/" + InJvmGateway.CHANNEL + "/no-such-batch"));
            assertNotFound(() -> source.sftp().stat("/" + InJvmGateway.CHANNEL + "/Not A Batch Name"));
            assertNotFound(() -> source.sftp().stat("/" + InJvmGateway.CHANNEL + "/a/b/c/d"));
            assertNotFound(() -> source.sftp().close(source.sftp().openDir("/no-such-channel")));
        }
    }

    private boolean real(String name) {
        return !name.equals(".") && !name.equals("..");
    }

    static void assertNotFound(org.junit.jupiter.api.function.Executable lookup) {
        SftpException refused = assertThrows(SftpException.class, lookup);
        assertEquals(SftpConstants.SSH_FX_NO_SUCH_FILE, refused.getStatus(), refused.getMessage());
    }
}
