package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.DefenderLedger;
import jp.sekisho.identity.entity.SourceAddress;

/**
 * Brute force over SSH is stopped at the door. Strangers play from other loopback addresses (127.0.0.2 and up), so
 * that the accounts of the demo world keep logging in from 127.0.0.1 meanwhile; the gateway's clock is the test's.
 */
class DefenderTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void repeatedFailuresAreRefusedAtConnectWhileTheAccountLogsInFromItsOwnAddress() throws Exception {
        String stranger = "127.0.0.2";
        Path key = strangerKey("guess");
        long head = gateway.auditHead();
        for (int attempt = 1; attempt <= InJvmGateway.DEFENCE.failuresBeforePenalty(); attempt++) {
            GatewaySftp.Result guess = fromAddress(stranger, "benefits", key);
            assertFalse(guess.succeeded());
            assertTrue(guess.output().contains("Permission denied"), attempt + ": " + guess.output());
        }
        awaitEvent(head, stranger, AuditAction.ADDRESS_PENALISED, 1);
        GatewaySftp.Result penalised = fromAddress(stranger, "benefits", clients.accountKey("benefits"));
        assertFalse(penalised.succeeded(), "even the right key is refused while the address is penalised");
        assertFalse(penalised.output().contains("Permission denied"), "refused before SSH is spoken: "
                + penalised.output());
        assertTrue(clients.openssh("benefits", work, "ls").succeeded(), "the account's own address is not affected");

        List<AuditEvent> penalties = events(head, stranger, AuditAction.ADDRESS_PENALISED);
        assertEquals(1, penalties.size());
        assertTrue(penalties.get(0).record().detail().startsWith("penalty 1: refused until "
                + gateway.clock.instant().plus(InJvmGateway.DEFENCE.firstPenalty()).toString().substring(0, 10)),
                penalties.get(0).record().detail());

        gateway.clock.advance(InJvmGateway.DEFENCE.firstPenalty().plusSeconds(1));
        assertTrue(fromAddress(stranger, "benefits", clients.accountKey("benefits")).succeeded(),
                "a penalty ends");
        for (int attempt = 1; attempt <= InJvmGateway.DEFENCE.failuresBeforePenalty(); attempt++) {
            assertFalse(fromAddress(stranger, "benefits", key).succeeded());
        }
        awaitEvent(head, stranger, AuditAction.ADDRESS_PENALISED, 2);
        List<AuditEvent> second = events(head, stranger, AuditAction.ADDRESS_PENALISED);
        assertEquals(2, second.size());
        assertTrue(second.get(1).record().detail().startsWith("penalty 2: "), "penalties grow: "
                + second.get(1).record().detail());
        gateway.clock.advance(InJvmGateway.DEFENCE.firstPenalty().plusSeconds(1));
        assertFalse(fromAddress(stranger, "benefits", clients.accountKey("benefits")).succeeded(),
                "the second penalty is twice as long");
        gateway.clock.advance(InJvmGateway.DEFENCE.firstPenalty());
        assertTrue(fromAddress(stranger, "benefits", clients.accountKey("benefits")).succeeded());
    }

    @Test
    void theAuditTrailGrowsWithWindowsNotWithAttempts() throws Exception {
        String stranger = "127.0.0.3";
        Path key = strangerKey("flood");
        int attempts = InJvmGateway.DEFENCE.failuresBeforePenalty() - 1;
        long head = gateway.auditHead();
        for (int window = 1; window <= 2; window++) {
            for (int attempt = 0; attempt < attempts; attempt++) {
                assertFalse(fromAddress(stranger, "benefits", key).succeeded());
            }
            awaitAttempts(stranger, 2 * attempts);
            gateway.clock.advance(InJvmGateway.DEFENCE.window().plusSeconds(1));
            gateway.boundary(Defender.class).reportEndedWindows();
        }
        List<AuditEvent> recorded = eventsFrom(head, stranger);
        // Per window: the first refused key in full, and one report of everything after it.
        assertEquals(List.of(AuditAction.SSH_LOGIN_REFUSED, AuditAction.ATTEMPTS_SUMMARISED,
                AuditAction.SSH_LOGIN_REFUSED, AuditAction.ATTEMPTS_SUMMARISED),
                recorded.stream().map(event -> event.record().action()).toList());
        String summary = recorded.get(1).record().detail();
        // Each connection: one refused key and the failed connection it ended as.
        assertTrue(summary.startsWith((2 * attempts - 1) + " more attempt(s), " + attempts + " of them failed "
                + "logins"), summary);
        assertTrue(summary.contains("names tried: benefits"), summary);
    }

    @Test
    void oneConnectionTriesAtMostSixKeys() throws Exception {
        String stranger = "127.0.0.4";
        List<String> options = new ArrayList<>(List.of("BindAddress=" + stranger, "IdentitiesOnly=yes"));
        List<String> command = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            command.add("-i");
            command.add(strangerKey("many" + i).toString());
        }
        long head = gateway.auditHead();
        GatewaySftp.Result manyKeys = clients.openssh("benefits", strangerKey("first"), work, options, command,
                "ls");
        assertFalse(manyKeys.succeeded());
        assertTrue(manyKeys.output().contains("Too many authentication failures")
                || manyKeys.output().contains("Permission denied"), manyKeys.output());
        awaitFailures(stranger, 1);
        gateway.clock.advance(InJvmGateway.DEFENCE.window().plusSeconds(1));
        gateway.boundary(Defender.class).reportEndedWindows();
        String summary = eventsFrom(head, stranger).stream()
                .filter(event -> event.record().action() == AuditAction.ATTEMPTS_SUMMARISED).findFirst()
                .orElseThrow().record().detail();
        // Six refused keys at most: the first audited in full, five more and the failed connection counted.
        assertTrue(summary.startsWith("6 more attempt(s), 1 of them failed logins")
                || summary.startsWith("5 more attempt(s), 1 of them failed logins"), summary);
    }

    @Test
    void connectionsWaitingToLogInAreCapped() throws Exception {
        int cap = InJvmGateway.DEFENCE.sshMaxUnauthenticated();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < cap; i++) {
                idle.add(idleConnection("127.0.0.5"));
            }
            try (Socket oneTooMany = idleConnection("127.0.0.5")) {
                oneTooMany.setSoTimeout(10_000);
                // Reaches the end of the stream at once; were the connection kept, the read would time out.
                oneTooMany.getInputStream().readAllBytes();
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!clients.openssh("benefits", work, "ls").succeeded()) {
            assertTrue(System.nanoTime() < deadline, "logins work again once the idle connections are gone");
            Thread.sleep(200);
        }
    }

    /** The gateway counts a connection's failure when it has seen it close, a moment after the client exits. */
    private void awaitEvent(long head, String address, AuditAction action, int count) throws InterruptedException {
        await(() -> events(head, address, action).size() >= count, action + " x" + count);
    }

    private void awaitAttempts(String address, int attempts) throws InterruptedException {
        await(() -> gateway.boundary(DefenderLedger.class).find(address).map(SourceAddress::attempts).orElse(0)
                >= attempts, attempts + " attempts counted");
    }

    private void awaitFailures(String address, int failures) throws InterruptedException {
        await(() -> gateway.boundary(DefenderLedger.class).find(address).map(SourceAddress::failures).orElse(0)
                >= failures, failures + " failures counted");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(50);
        }
    }

    private Socket idleConnection(String from) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
        // Read the banner, so that the server has created its session for this connection.
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            // the banner line
        }
        return socket;
    }

    private GatewaySftp.Result fromAddress(String address, String account, Path key) {
        return clients.openssh(account, key, work, List.of("BindAddress=" + address,
                "KexAlgorithms=curve25519-sha256"), List.of(), "ls");
    }

    private Path strangerKey(String name) throws Exception {
        Path key = work.resolve(name);
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .start();
        assertTrue(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0);
        return key;
    }

    private List<AuditEvent> events(long head, String address, AuditAction action) {
        return eventsFrom(head, address).stream().filter(event -> event.record().action() == action).toList();
    }

    private List<AuditEvent> eventsFrom(long head, String address) {
        return gateway.eventsAfter(head).stream().filter(event -> event.record().clientAddress() != null
                && event.record().clientAddress().startsWith(address + " ") || address.equals(
                        event.record().clientAddress())).toList();
    }
}
