package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.persistence.DatabaseWatch;

/**
 * While the database does not answer, every SFTP door says "service unavailable" at once, in words the client shows:
 * a new login is disconnected with SSH's reason 7 (when the outage is discovered by that very login and when it is
 * already known), and every operation of a session opened before the outage fails with the sentence. The outage and
 * its end are each one line of the log, and everything works again once the database is back, without a restart.
 */
class SftpDatabaseOutageTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void everyDoorSaysServiceUnavailableDuringAnOutageAndWorksAgainAfterIt() throws Exception {
        String folder = Uploads.newBatch(gateway, clients, work, "outage");
        Uploads.csv(work, "more.csv", 2);
        List<LogRecord> watchLog = new ArrayList<>();
        Logger watchLogger = Logger.getLogger(DatabaseWatch.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                watchLog.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        watchLogger.addHandler(capture);
        try (GatewaySftp.Session before = clients.mina("callcenter")) {
            gateway.database.refuseConnections();
            try {
                GatewaySftp.Result discovering = clients.openssh("benefits", work, "ls /");
                assertUnavailable(discovering);
                assertFalse(DatabaseWatch.current().reachable(), "the login that found the outage began it");
                assertUnavailable(clients.openssh("benefits", work, "ls /"));

                SftpClient sftp = before.sftp();
                Map<String, ThrowingOperation> operations = new LinkedHashMap<>();
                operations.put("list", () -> sftp.openDir("/" + InJvmGateway.CHANNEL));
                operations.put("stat", () -> sftp.stat(folder + "/data.csv"));
                operations.put("open for reading", () -> sftp.read(folder + "/data.csv").close());
                operations.put("open for writing", () -> sftp.write(folder + "/more.csv").close());
                operations.put("make a folder", () -> sftp.mkdir(folder + "-more"));
                for (Map.Entry<String, ThrowingOperation> operation : operations.entrySet()) {
                    SftpException refused = assertThrows(SftpException.class, operation.getValue()::run,
                            operation.getKey());
                    assertEquals(DatabaseWatch.SENTENCE, refused.getMessage(), operation.getKey());
                }
            } finally {
                gateway.database.acceptConnections();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!DatabaseWatch.current().reachable()) {
                assertTrue(System.nanoTime() < deadline, "the watch sees the database back within 30 s");
                Thread.sleep(100);
            }
            GatewaySftp.Result after = clients.openssh("benefits", work, "put more.csv " + folder + "/more.csv",
                    "ls " + folder);
            assertTrue(after.succeeded(), after.output());
            assertTrue(after.output().contains("more.csv"), after.output());
        } finally {
            watchLogger.removeHandler(capture);
        }
        assertEquals(List.of(Level.SEVERE, Level.INFO), watchLog.stream().map(LogRecord::getLevel).toList(),
                "one line when the outage begins, one when it ends: " + watchLog.stream()
                        .map(LogRecord::getMessage).toList());
        assertTrue(watchLog.get(1).getMessage().startsWith("The database answers again after "),
                watchLog.get(1).getMessage());
    }

    private static void assertUnavailable(GatewaySftp.Result login) {
        assertFalse(login.succeeded(), login.output());
        assertTrue(login.output().contains("7: " + DatabaseWatch.SENTENCE), login.output());
    }

    @FunctionalInterface
    private interface ThrowingOperation {
        void run() throws IOException;
    }
}
