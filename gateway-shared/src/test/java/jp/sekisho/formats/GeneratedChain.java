package jp.sekisho.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jp.sekisho.formats.AuditExport.ExportedEvent;
import jp.sekisho.keys.SelfSignedCredentials;

/**
 * A real audit chain as the gateway builds it, with events a city's trail holds (logins, uploads, approvals,
 * downloads, refusals; Japanese text, quotes, absent fields), and its export with checkpoints signed by a gateway key.
 */
final class GeneratedChain {

    static final Instant START = Instant.parse("2026-06-21T00:00:00.000001Z");

    private final ChainHasher hasher = new ChainHasher();
    private final List<ExportedEvent> events = new ArrayList<>();

    /** Events 1 to {@code count}, chained from the 64 zeros. */
    static GeneratedChain of(int count) {
        GeneratedChain chain = new GeneratedChain();
        String prevHash = ChainHasher.GENESIS;
        for (long seq = 1; seq <= count; seq++) {
            ExportedEvent event = chain.link(prevHash, contentAt(seq));
            chain.events.add(event);
            prevHash = event.hash();
        }
        return chain;
    }

    /** What the gateway would record as event {@code seq}: five kinds of event in turn. */
    static ChainHasher.Content contentAt(long seq) {
        String at = START.plus(seq * 1_234_567, ChronoUnit.MICROS).toString();
        String batch = "3f2504e0-4f89-11d3-9a0c-" + String.format("%012d", seq / 5);
        return switch ((int) (seq % 5)) {
            case 0 -> new ChainHasher.Content(seq, at, "benefits", "SSH_LOGIN", "SUCCESS", null, null, "192.0.2.10",
                    "key SHA256:Jq6m0sXzyJ1r0X4j0y9kPz6oKpP0s1f1m3Z2y6b7c8E");
            case 1 -> new ChainHasher.Content(seq, at, "benefits", "FILE_RECEIVED", "SUCCESS",
                    "/benefits-to-callcenter/refresh-" + seq + "/residents.csv", batch, "192.0.2.10",
                    "4,400 bytes, 3 records, SHA-256 bd317b78f7ee20032ad2c262df54c03e2402e06e7d311535f893acadcaae2cc3");
            case 2 -> new ChainHasher.Content(seq, at, "approver-sato", "BATCH_APPROVED", "SUCCESS", null, batch,
                    "198.51.100.7", "目的「コールセンター向け給付金データの更新」を承認");
            case 3 -> new ChainHasher.Content(seq, at, "callcenter", "FILE_DOWNLOADED", "SUCCESS",
                    "/benefits-to-callcenter/refresh-" + seq + "/residents.csv.p7m", batch, "203.0.113.5",
                    "bytes 0-4799 of 4800");
            default -> new ChainHasher.Content(seq, at, "callcenter", "SFTP_OPERATION_REFUSED", "DENIED",
                    "remove \"/benefits-to-callcenter/refresh\\" + seq + "\"", batch, "203.0.113.5",
                    "no-delete: files are deleted by the gateway only");
        };
    }

    ExportedEvent link(String prevHash, ChainHasher.Content content) {
        return new ExportedEvent(content, prevHash, hasher.hashOf(prevHash, content));
    }

    ExportedEvent event(long seq) {
        return events.get((int) seq - 1);
    }

    Checkpoint checkpointAt(long seq, SelfSignedCredentials gateway) {
        Instant signedAt = Instant.parse(event(seq).content().at()).plusMillis(500);
        return Checkpoint.of(seq, event(seq).hash(), signedAt).sign(gateway.privateKey(), gateway.certificate());
    }

    /** The export of events {@code from} to {@code to}, each checkpoint seq followed by its signed checkpoint. */
    List<String> exportLines(long from, long to, SelfSignedCredentials gateway, Set<Long> checkpointSeqs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditExport.Writer writer = new AuditExport.Writer(out)) {
            for (long seq = from; seq <= to; seq++) {
                writer.write(event(seq));
                if (checkpointSeqs.contains(seq)) {
                    writer.write(checkpointAt(seq, gateway));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }
}
