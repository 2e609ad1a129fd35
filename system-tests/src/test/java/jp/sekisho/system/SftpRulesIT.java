package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;

/**
 * What the SFTP endpoint refuses, seen from real clients: each refusal is "permission denied" (or "no such file" for
 * what an account may not know exists) and lands in the audit trail.
 */
class SftpRulesIT extends GatewayIT {

    @Test
    void pathsCannotLeaveTheAccountsTree() {
        TestFiles.csv(work, "x.csv", 1);
        Processes.Result result = Sftp.as("benefits", work).run("cd /../../..", "pwd", "ls -a",
                "-put x.csv /../../tmp/x.csv", "-get /../../etc/passwd", "-get /etc/passwd");
        assertTrue(result.printed().contains("Remote working directory: /"), result.output());
        assertTrue(result.printed().contains(Gateway.DEMO_CHANNEL), "the root lists the account's channels");
        assertFalse(result.printed().contains("passwd") && !result.printed().contains("not found")
                && Files.exists(work.resolve("passwd")), "nothing outside the tree can be read");
        assertFalse(Files.exists(work.resolve("passwd")));
    }

    @Test
    void removeRenameLinksAndAttributeChangesAreRefusedAndAudited() {
        String folder = newBatch("edit");
        Processes.Result result = Sftp.as("benefits", work).run("-rm " + folder + "/data.csv",
                "-rename " + folder + "/data.csv " + folder + "/renamed.csv", "-ln -s " + folder + "/data.csv "
                        + folder + "/link.csv", "-ln " + folder + "/data.csv " + folder + "/hard.csv",
                "-chmod 600 " + folder + "/data.csv", "-rmdir " + folder);
        long denials = result.printed().lines().filter(line -> line.contains("Permission denied")).count();
        assertEquals(6, denials, result.output());
        String listing = Sftp.as("benefits", work).run("ls " + folder).printed();
        assertTrue(listing.contains("data.csv") && !listing.contains("renamed.csv") && !listing.contains("link.csv")
                && !listing.contains("hard.csv"),
                listing);
        List<JsonObject> refusals = auditedRefusals("benefits");
        for (String operation : new String[] {"remove", "rename", "symlink", "setstat"}) {
            assertTrue(refusals.stream().anyMatch(event -> event.getString("detail", "").startsWith(operation)),
                    "the refusal of " + operation + " is audited: " + refusals);
        }
    }

    @Test
    void aFileIsWrittenOnceAndNeverAppendedOrResumed() {
        String folder = newBatch("once");
        Processes.Result again = Sftp.as("benefits", work).run("put data.csv " + folder + "/data.csv");
        assertFalse(again.succeeded(), "an existing file cannot be overwritten: " + again.output());
        Processes.Result resumed = Sftp.as("benefits", work).run("reput data.csv " + folder + "/data.csv");
        assertFalse(resumed.succeeded(), "an upload cannot be resumed: " + resumed.output());
    }

    @Test
    void writesOutOfOrderAreRefusedAndTheFileIsDiscarded() throws Exception {
        String folder = newBatch("order");
        try (MinaSftp client = MinaSftp.connect("benefits")) {
            SftpClient sftp = client.sftp();
            try (SftpClient.CloseableHandle handle = sftp.open(folder + "/seek.bin", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create)) {
                sftp.write(handle, 0, "first".getBytes(StandardCharsets.US_ASCII));
                SftpException refused = assertThrows(SftpException.class,
                        () -> sftp.write(handle, 4096, "later".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, refused.getStatus());
            }
            assertFalse(names(sftp, folder).contains("seek.bin"), "a refused upload leaves no file");
        }
    }

    @Test
    void anUploadThatBreaksOffLeavesNoFileBehind() throws Exception {
        String folder = newBatch("broken");
        String batchId = gateway().batchId(folder.substring(folder.lastIndexOf('/') + 1));
        MinaSftp client = MinaSftp.connect("benefits");
        SftpClient.CloseableHandle handle = client.sftp().open(folder + "/partial.bin", SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create);
        client.sftp().write(handle, 0, new byte[1024 * 1024]);
        client.dropConnection();

        Gateway.eventually(Duration.ofSeconds(10), "the broken upload is discarded",
                () -> auditedRefusals("benefits").stream().anyMatch(event ->
                        "FILE_DISCARDED".equals(event.getString("action"))
                                && event.getString("subject", "").endsWith("/partial.bin")));
        try (MinaSftp again = MinaSftp.connect("benefits")) {
            assertFalse(names(again.sftp(), folder).contains("partial.bin"));
        }
        try (Stream<Path> stored = Files.list(Gateway.storageOf(batchId))) {
            assertEquals(1, stored.count(), "only the one complete file's ciphertext is stored, no partial file");
        }
    }

    @Test
    void theDestinationCannotWriteAndTheSourceCannotReadBack() {
        String folder = newBatch("roles");
        Processes.Result destination = Sftp.as("callcenter", work).run("-mkdir /" + Gateway.DEMO_CHANNEL + "/mine",
                "-ls " + folder);
        assertEquals(2, destination.printed().lines().filter(line -> line.contains("Permission denied")
                || line.contains("not found") || line.contains("No such file")).count(), destination.output());
        Processes.Result readBack = Sftp.as("benefits", work).run("get " + folder + "/data.csv back.csv");
        assertFalse(readBack.succeeded(), readBack.output());
        assertFalse(Files.exists(work.resolve("back.csv")));
    }

    @Test
    void onlyRegisteredKeysLogIn() throws Exception {
        Processes.Result password = Sftp.as("benefits", work).run(List.of("PubkeyAuthentication=no",
                "PreferredAuthentications=password,keyboard-interactive"), "ls");
        assertFalse(password.succeeded());
        assertTrue(password.output().contains("Permission denied (publickey)"), password.output());

        Path strangerKey = work.resolve("stranger");
        assertTrue(Processes.run((String) null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                strangerKey.toString()).succeeded());
        Processes.Result stranger = new Sftp("benefits", strangerKey, work).run("ls");
        assertFalse(stranger.succeeded(), "an unregistered key is refused");
        Processes.Result wrongAccount = new Sftp("benefits", Gateway.demoFile("callcenter_ed25519"), work).run("ls");
        assertFalse(wrongAccount.succeeded(), "another account's key is refused");
        assertTrue(gateway().auditEvents().stream().anyMatch(event -> "SSH_LOGIN_REFUSED".equals(event.getString("action"))));
    }

    @Test
    void weakAlgorithmsAreRefusedAndModernOnesWork() {
        String[][] refused = {
            {"Ciphers=aes128-cbc"}, {"Ciphers=3des-cbc"}, {"Ciphers=chacha20-poly1305@openssh.com"},
            {"Ciphers=aes128-ctr", "MACs=hmac-sha1"}, {"Ciphers=aes128-ctr", "MACs=hmac-sha2-256"},
            {"KexAlgorithms=diffie-hellman-group14-sha256"}, {"KexAlgorithms=diffie-hellman-group-exchange-sha256"},
            {"KexAlgorithms=diffie-hellman-group14-sha1"},
        };
        for (String[] options : refused) {
            Processes.Result result = Sftp.as("benefits", work).run(List.of(options), "ls /");
            assertFalse(result.succeeded(), "must be refused: " + String.join(" ", options));
            assertTrue(result.output().contains("no matching"), result.output());
        }
        String[][] working = {
            {"Ciphers=aes256-gcm@openssh.com"}, {"Ciphers=aes128-gcm@openssh.com"},
            {"Ciphers=aes128-ctr", "MACs=hmac-sha2-256-etm@openssh.com"},
            {"Ciphers=aes256-ctr", "MACs=hmac-sha2-512-etm@openssh.com"},
            {"KexAlgorithms=curve25519-sha256"}, {"KexAlgorithms=curve25519-sha256@libssh.org"},
            {"KexAlgorithms=sntrup761x25519-sha512@openssh.com"}, {"KexAlgorithms=ecdh-sha2-nistp256"},
            {"HostKeyAlgorithms=ssh-ed25519"}, {"HostKeyAlgorithms=ecdsa-sha2-nistp256"},
        };
        for (String[] options : working) {
            Processes.Result result = Sftp.as("benefits", work).run(List.of(options), "ls /");
            assertTrue(result.succeeded(), String.join(" ", options) + ": " + result.output());
        }
    }

    @Test
    void postQuantumKeyExchangeIsChosenWhenTheClientOffersIt() throws Exception {
        // OpenSSH 9.2 on this machine predates ML-KEM; MINA's own client offers it, as OpenSSH 9.9 and later do.
        try (MinaSftp session = MinaSftp.connect("benefits", Gateway.demoFile("benefits_ed25519"),
                client -> client.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false,
                        List.of(BuiltinDHFactories.mlkem768x25519), ClientBuilder.DH2KEX)))) {
            assertEquals("mlkem768x25519-sha256", session.negotiated(KexProposalOption.ALGORITHMS));
            assertTrue(session.sftp().readDir("/").iterator().hasNext());
        }
    }

    @Test
    void strictKeyExchangeIsOnAgainstTerrapin() {
        Processes.Result verbose = Sftp.as("benefits", work).run(List.of("LogLevel=DEBUG3"), "ls /");
        assertTrue(verbose.succeeded(), verbose.output());
        assertTrue(verbose.output().contains("will use strict KEX ordering"), verbose.output());
    }

    /** A fresh batch with one uploaded CSV; returns its folder path. */
    private String newBatch(String prefix) {
        TestFiles.csv(work, "data.csv", 3);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Processes.Result created = Sftp.as("benefits", work).run("mkdir " + folder, "put data.csv " + folder
                + "/data.csv");
        assertTrue(created.succeeded(), created.output());
        return folder;
    }

    private List<JsonObject> auditedRefusals(String actor) {
        Gateway gateway = gateway();
        return gateway.auditEvents().stream()
                .filter(event -> actor.equals(event.getString("actor")) && "DENIED".equals(event.getString("outcome")))
                .toList();
    }

    private static List<String> names(SftpClient sftp, String folder) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
            names.add(entry.getFilename());
        }
        return names;
    }
}
