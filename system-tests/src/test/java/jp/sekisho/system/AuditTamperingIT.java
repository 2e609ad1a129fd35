package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The audit trail against someone with access to the database: PostgreSQL refuses to rewrite it, and what an owner
 * of the table does anyway (an edited field, a deleted event) is found by the gateway itself, which reports itself
 * unhealthy, and by {@code sekisho-cli verify-audit} on an export, which names the first bad event; an export
 * edited after the fact (inserted, reordered, cut short) is named too.
 */
class AuditTamperingIT extends GatewayIT {

    private static final Path CLI = Path.of(System.getProperty("sekisho.test.cli",
            "../gateway-cli/target/sekisho-cli.jar"));

    @Test
    void theDatabaseRefusesToUpdateDeleteOrTruncateAuditEvents() throws Exception {
        try (Connection database = Gateway.database(); Statement statement = database.createStatement()) {
            for (String sql : List.of("UPDATE audit_event SET detail = 'rewritten' WHERE seq = 1",
                    "DELETE FROM audit_event WHERE seq = 1", "TRUNCATE audit_event")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate(sql), sql);
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
    }

    @Test
    void anExportVerifiesOfflineAndEveryKindOfTamperingIsNamedWithItsFirstBadEvent() throws Exception {
        String batch = "audit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestFiles.csv(work, "residents.csv", 5);
        assertTrue(Sftp.as("benefits", work).run("mkdir /" + Gateway.DEMO_CHANNEL + "/" + batch, "put residents.csv /"
                + Gateway.DEMO_CHANNEL + "/" + batch + "/residents.csv").succeeded(), "some history to tamper with");
        // More of it, in sessions of their own, so that the test does not depend on the tests run before it.
        for (int part = 2; part <= 4; part++) {
            assertTrue(Sftp.as("benefits", work).run("put residents.csv /" + Gateway.DEMO_CHANNEL + "/" + batch
                    + "/residents-" + part + ".csv").succeeded());
        }
        Path certificate = work.resolve("gateway-cert.pem");
        Files.writeString(certificate, gateway().raw("GET", "gateway/certificate", null, null).body());
        Gateway.Reply signed = gateway().raw("POST", "audit/checkpoints", gateway().token("auditor"), null);
        assertEquals(200, signed.status(), signed.toString());
        Path keptOutside = work.resolve("checkpoint.json");
        Files.writeString(keptOutside, signed.body());
        long checkpointSeq = jakarta.json.Json.createReader(new java.io.StringReader(signed.body())).readObject()
                .getJsonNumber("seq").longValue();

        // The auditor's own tool fetches the export; an official who is not an auditor gets nothing, not even a file.
        Path export = work.resolve("intact.jsonl");
        Processes.Result exported = exportWithCli("auditor", export);
        assertEquals(0, exported.exitCode(), exported.output());
        assertTrue(exported.output().contains("signed checkpoints saved in " + export), exported.output());
        Path refusedFile = work.resolve("requester.jsonl");
        Processes.Result refused = exportWithCli("requester", refusedFile);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("REFUSED: the gateway refused the export"), refused.output());
        try (var left = Files.list(work)) {
            assertTrue(left.noneMatch(file -> file.getFileName().toString().contains("requester.jsonl")),
                    "a refused export leaves no file, partial or whole");
        }
        Processes.Result intact = verify(export, certificate, keptOutside);
        assertEquals(0, intact.exitCode(), intact.output());
        assertTrue(intact.output().contains("intact"), intact.output());

        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        int at = eventLine(lines, checkpointSeq / 2);
        while (!isEvent(lines.get(at)) || !isEvent(lines.get(at + 1))) {
            at++;
        }
        long target = seqOf(lines.get(at));
        assertTrue(target < checkpointSeq - 3, "the tampered event " + target
                + " lies well before the checkpoint kept outside, at " + checkpointSeq);
        try (Connection database = Gateway.database()) {
            Row original = Row.read(database, target);
            ownerDoes(database, "UPDATE audit_event SET detail = 'nothing happened here' WHERE seq = " + target);
            try {
                JsonObject verification = gateway().call("GET", "audit/verification", gateway().token("auditor"),
                        null).json();
                assertFalse(verification.getBoolean("intact"), verification.toString());
                assertEquals(target, verification.getJsonNumber("firstBrokenSeq").longValue());
                HttpResponse<String> health = health();
                assertEquals(503, health.statusCode(), "a broken chain is DOWN: " + health.body());
                assertTrue(health.body().contains("broken at event " + target), health.body());
                assertBroken(verify(export("changed.jsonl"), certificate, keptOutside), target,
                        "a field of this event was changed");
            } finally {
                ownerDoes(database, "UPDATE audit_event SET detail = " + Row.literal(original.detail())
                        + " WHERE seq = " + target);
            }
            assertTrue(gateway().call("GET", "audit/verification", gateway().token("auditor"), null).json()
                    .getBoolean("intact"), "the restored row verifies again");
            assertEquals(200, health().statusCode());

            ownerDoes(database, "DELETE FROM audit_event WHERE seq = " + target);
            try {
                assertBroken(verify(export("removed.jsonl"), certificate, keptOutside), target,
                        "an event is missing");
                // Only the head's successor gets in: neither the removed event put back into the gap, nor an event
                // forged at the head without the head's hash, whoever inserts it.
                SQLException refilled = assertThrows(SQLException.class, () -> original.insert(database));
                assertTrue(refilled.getMessage().contains("audit event " + target
                        + " does not extend the head of the chain"), refilled.getMessage());
                long head;
                try (Statement query = database.createStatement();
                     ResultSet row = query.executeQuery("SELECT seq FROM audit_head WHERE id = 1")) {
                    assertTrue(row.next());
                    head = row.getLong(1);
                }
                Row forged = original.at(head + 1, "f".repeat(64));
                SQLException atHead = assertThrows(SQLException.class, () -> forged.insert(database));
                assertTrue(atHead.getMessage().contains("audit event " + (head + 1) + " does not extend"),
                        atHead.getMessage());
            } finally {
                ownerDoes(database, original::insert);
            }
        }
        assertTrue(gateway().call("GET", "audit/verification", gateway().token("auditor"), null).json()
                .getBoolean("intact"));


        List<String> reordered = new ArrayList<>(lines);
        reordered.set(at, lines.get(at + 1));
        reordered.set(at + 1, lines.get(at));
        assertBroken(verify(write("reordered.jsonl", reordered), certificate, keptOutside), target,
                "events are out of order");

        List<String> inserted = new ArrayList<>(lines);
        inserted.add(at + 1, lines.get(at).replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"someone-else\""));
        assertTrue(verify(write("inserted.jsonl", inserted), certificate, keptOutside).output()
                .contains("an event was inserted"), "an inserted copy is named as inserted");

        List<String> truncated = new ArrayList<>(lines.subList(0, eventLine(lines, checkpointSeq - 3)));
        assertBroken(verify(write("truncated.jsonl", truncated), certificate, keptOutside), checkpointSeq - 3,
                "events are missing from the end");
    }

    private Path export(String name) throws Exception {
        Gateway.Reply exported = gateway().raw("GET", "audit/export", gateway().token("auditor"), null);
        assertEquals(200, exported.status(), exported.toString());
        return write(name, exported.body().lines().toList());
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path file = work.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static int eventLine(List<String> lines, long seq) {
        for (int index = 0; index < lines.size(); index++) {
            if (isEvent(lines.get(index)) && seqOf(lines.get(index)) == seq) {
                return index;
            }
        }
        throw new AssertionError("no event " + seq + " in the export");
    }

    private static boolean isEvent(String line) {
        return line.startsWith("{\"type\":\"event\"");
    }

    private static long seqOf(String line) {
        return jakarta.json.Json.createReader(new java.io.StringReader(line)).readObject().getJsonNumber("seq")
                .longValue();
    }

    private Processes.Result exportWithCli(String login, Path file) {
        return Processes.run(java.util.Map.of("SEKISHO_PASSWORD", Gateway.official(login).getString("password")),
                null, null, List.of("java", "-jar", CLI.toString(), "export-audit", "--gateway", base.toString(),
                        "--cacert", RunningGateway.trustAnchor().toString(), "--login", login, "--totp", Gateway.freshTotp(login), "--out", file.toString()));
    }

    private static Processes.Result verify(Path export, Path certificate, Path checkpoint) {
        return Processes.run((String) null, "java", "-jar", CLI.toString(), "verify-audit", export.toString(),
                "--gateway-cert", certificate.toString(), "--checkpoint", checkpoint.toString());
    }

    private static void assertBroken(Processes.Result verified, long seq, String kind) {
        assertEquals(1, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("broken at seq " + seq + " ") && verified.output().contains(kind),
                "expected seq " + seq + " (" + kind + "): " + verified.output());
    }

    private HttpResponse<String> health() throws Exception {
        return Https.client().send(HttpRequest.newBuilder(base.toURI().resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the owner of the table can do despite the triggers: switch them off for a moment. */
    private static void ownerDoes(Connection database, Tampering tampering) throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
            try {
                tampering.on(database);
            } finally {
                statement.execute("ALTER TABLE audit_event ENABLE TRIGGER USER");
            }
        }
    }

    private static void ownerDoes(Connection database, String sql) throws SQLException {
        ownerDoes(database, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(sql);
            }
        });
    }

    private interface Tampering {
        void on(Connection database) throws SQLException;
    }

    /** One stored event, kept to put it back exactly as it was. */
    private record Row(long seq, Object occurredAt, String actor, String action, String outcome, String subject,
            String batch, String client, String detail, String prevHash, String hash) {

        static Row read(Connection database, long seq) throws SQLException {
            try (PreparedStatement select = database.prepareStatement("SELECT * FROM audit_event WHERE seq = ?")) {
                select.setLong(1, seq);
                try (ResultSet row = select.executeQuery()) {
                    assertTrue(row.next());
                    return new Row(seq, row.getObject("occurred_at"), row.getString("actor"), row.getString("action"),
                            row.getString("outcome"), row.getString("subject"), row.getString("batch_public_id"),
                            row.getString("client_address"), row.getString("detail"), row.getString("prev_hash"),
                            row.getString("hash"));
                }
            }
        }

        /** The same event at another place in the chain, claiming another predecessor. */
        Row at(long otherSeq, String otherPrevHash) {
            return new Row(otherSeq, occurredAt, actor, action, outcome, subject, batch, client, detail, otherPrevHash,
                    hash);
        }

        void insert(Connection database) throws SQLException {
            try (PreparedStatement insert = database.prepareStatement("INSERT INTO audit_event (seq, occurred_at, "
                    + "actor, action, outcome, subject, batch_public_id, client_address, detail, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, seq);
                insert.setObject(2, occurredAt);
                insert.setString(3, actor);
                insert.setString(4, action);
                insert.setString(5, outcome);
                insert.setString(6, subject);
                insert.setString(7, batch);
                insert.setString(8, client);
                insert.setString(9, detail);
                insert.setString(10, prevHash);
                insert.setString(11, hash);
                insert.executeUpdate();
            }
        }

        static String literal(String text) {
            return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
        }
    }
}
