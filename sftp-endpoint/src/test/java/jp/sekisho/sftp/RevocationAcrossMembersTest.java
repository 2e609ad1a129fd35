package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.identity.boundary.SystemAccounts;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.testing.Processes;

/**
 * An administrator revokes a key on one member of a cluster, and the sessions that key opened on another member close:
 * the revoking member's event reaches only its own sessions, so every member asks the shared database about the keys
 * of its open sessions (SftpServer, every 5 s). Disabling the account does the same.
 */
class RevocationAcrossMembersTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void aKeyRevokedOnAnotherMemberLosesItsSessionsHere() throws Exception {
        Path key = newKey("laptop");
        String fingerprint = gateway.boundary(SystemAccounts.class).registerKey(gateway.caller("admin"), "benefits",
                Files.readString(key.resolveSibling(key.getFileName() + ".pub")).strip()).fingerprint();
        try (GatewaySftp.Session revoked = clients.mina("benefits", key, client -> { });
                GatewaySftp.Session untouched = clients.mina("benefits")) {
            assertEquals(0, sweep(), "a valid key keeps its session");
            try (InJvmContainer other = gateway.anotherMemberStarting("member-b")) {
                other.boundary(SystemAccounts.class).revokeKey(gateway.caller("admin"), "benefits", fingerprint);
            }
            assertTrue(revoked.open(), "the other member's event did not reach this member");
            assertEquals(1, sweep(), "this member's sweep closes the session of the revoked key");
            waitUntilClosed(revoked);
            assertThrows(IOException.class, () -> revoked.sftp().stat("/"));
            assertTrue(untouched.open(), "another key's session stays");
            untouched.sftp().stat("/");
        }
    }

    private int sweep() {
        return gateway.endpoint().closeSessionsOfKeysNoLongerValid(gateway.boundary(SshLogins.class)::stillValid);
    }

    private Path newKey(String name) throws IOException, InterruptedException {
        Path key = work.resolve(name);
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
        return key;
    }

    private static void waitUntilClosed(GatewaySftp.Session session) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (session.open() && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        assertFalse(session.open(), "the client saw its session close");
    }
}
