package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.identity.boundary.DefenderLedger;
import jp.sekisho.identity.entity.SourceAddress;

/** Only a registered key of the account logs in, and only over modern algorithms, with strict key exchange. */
class SftpLoginTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void onlyTheAccountsRegisteredKeyLogsInAndEveryRefusalIsCounted() throws Exception {
        DefenderLedger ledger = gateway.boundary(DefenderLedger.class);
        // Counted in the window still open, or from zero when the first attempt below starts a new one.
        int before = ledger.find("127.0.0.1").filter(source -> gateway.clock.instant().isBefore(
                source.windowStartedAt().plus(InJvmGateway.DEFENCE.window()))).map(SourceAddress::attempts).orElse(0);
        GatewaySftp.Result password = clients.openssh("benefits", clients.accountKey("benefits"), work,
                List.of("PubkeyAuthentication=no", "PreferredAuthentications=password,keyboard-interactive"), "ls");
        assertFalse(password.succeeded());
        assertTrue(password.output().contains("Permission denied (publickey)"), password.output());

        Path strangerKey = work.resolve("stranger");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                strangerKey.toString()).start();
        assertTrue(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0);
        assertFalse(clients.openssh("benefits", strangerKey, work, List.of(), "ls").succeeded(),
                "an unregistered key is refused");
        assertFalse(clients.openssh("benefits", clients.accountKey("callcenter"), work, List.of(), "ls").succeeded(),
                "another account's key is refused");
        // Two connections with a refused key each, and the failed connection each ended as: the defender counts them
        // for the audit trail, which gets the first attempt of a window in full and the rest as one report (see
        // DefenderTest). The password client could not even try: no password is offered, so it guessed nothing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ledger.find("127.0.0.1").map(SourceAddress::attempts).orElse(0) < before + 4) {
            assertTrue(System.nanoTime() < deadline, "the refusals are counted: " + ledger.find("127.0.0.1")
                    .map(SourceAddress::attempts).orElse(0) + " after " + before);
            Thread.sleep(50);
        }
    }

    @Test
    void weakAlgorithmsAreRefusedAndModernOnesWork() {
        String[][] refused = {
            {"Ciphers=aes128-cbc"}, {"Ciphers=3des-cbc"}, {"Ciphers=chacha20-poly1305@openssh.com"},
            {"Ciphers=aes128-ctr", "MACs=hmac-sha1"}, {"Ciphers=aes128-ctr", "MACs=umac-128@openssh.com"},
            {"KexAlgorithms=diffie-hellman-group14-sha256"}, {"KexAlgorithms=diffie-hellman-group-exchange-sha256"},
            {"KexAlgorithms=diffie-hellman-group14-sha1"},
        };
        for (String[] options : refused) {
            GatewaySftp.Result result = clients.openssh("benefits", clients.accountKey("benefits"), work,
                    List.of(options), "ls /");
            assertFalse(result.succeeded(), "must be refused: " + String.join(" ", options));
            assertTrue(result.output().contains("no matching"), result.output());
        }
        String[][] working = {
            {"Ciphers=aes256-gcm@openssh.com"}, {"Ciphers=aes128-gcm@openssh.com"},
            {"Ciphers=aes128-ctr", "MACs=hmac-sha2-256-etm@openssh.com"},
            {"Ciphers=aes256-ctr", "MACs=hmac-sha2-512-etm@openssh.com"},
            {"Ciphers=aes128-ctr", "MACs=hmac-sha2-256"}, {"Ciphers=aes256-ctr", "MACs=hmac-sha2-512"},
            {"KexAlgorithms=curve25519-sha256"}, {"KexAlgorithms=curve25519-sha256@libssh.org"},
            {"KexAlgorithms=sntrup761x25519-sha512@openssh.com"}, {"KexAlgorithms=ecdh-sha2-nistp256"},
            {"HostKeyAlgorithms=ssh-ed25519"}, {"HostKeyAlgorithms=ecdsa-sha2-nistp256"},
        };
        for (String[] options : working) {
            GatewaySftp.Result result = clients.openssh("benefits", clients.accountKey("benefits"), work,
                    List.of(options), "ls /");
            assertTrue(result.succeeded(), String.join(" ", options) + ": " + result.output());
        }
    }

    @Test
    void postQuantumKeyExchangeIsChosenWhenTheClientOffersIt() throws Exception {
        // OpenSSH 9.2 on this machine predates ML-KEM; MINA's own client offers it, as OpenSSH 9.9 and later do.
        try (GatewaySftp.Session session = clients.mina("benefits", clients.accountKey("benefits"),
                client -> client.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false,
                        List.of(BuiltinDHFactories.mlkem768x25519), ClientBuilder.DH2KEX)))) {
            assertEquals("mlkem768x25519-sha256", session.negotiated(KexProposalOption.ALGORITHMS));
            assertTrue(session.sftp().readDir("/").iterator().hasNext());
        }
    }

    @Test
    void strictKeyExchangeIsOnAgainstTerrapinWhateverTheMac() {
        for (List<String> options : List.of(List.of("LogLevel=DEBUG3"),
                List.of("LogLevel=DEBUG3", "Ciphers=aes128-ctr", "MACs=hmac-sha2-256"))) {
            GatewaySftp.Result verbose = clients.openssh("benefits", clients.accountKey("benefits"), work, options,
                    "ls /");
            assertTrue(verbose.succeeded(), verbose.output());
            assertTrue(verbose.output().contains("will use strict KEX ordering"), verbose.output());
        }
    }
}
