package jp.sekisho.formats;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jp.sekisho.formats.AuditExport.ExportedEvent;
import jp.sekisho.keys.SelfSignedCredentials;

/**
 * Writes an export of generated events (a signed checkpoint every 100,000) with the gateway certificate and its last
 * checkpoint saved apart, then times {@link ChainVerifier} over it and prints the figure. Not a test (surefire does
 * not pick it up); {@code bench/audit-verify.sh} runs it, then times {@code sekisho-cli verify-audit} on the same files:
 * {@code java -cp gateway-cli/target/sekisho-cli.jar:gateway-shared/target/test-classes \
 * jp.sekisho.formats.ChainVerifierBenchmark <folder> [events, default 1000000]}
 */
public final class ChainVerifierBenchmark {

    private static final long CHECKPOINT_EVERY = 100_000;

    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/audit-bench"));
        long count = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        SelfSignedCredentials gateway = SelfSignedCredentials.generateEcSigning("Sekisho gateway (benchmark)");
        Path export = folder.resolve("audit-export.jsonl");

        long start = System.nanoTime();
        Checkpoint last = write(export, count, gateway);
        System.out.printf("wrote %,d events (%,d bytes) in %.2f s%n", count, Files.size(export),
                (System.nanoTime() - start) / 1e9);
        Files.writeString(folder.resolve("gateway.pem"), gateway.certificatePem());
        Files.writeString(folder.resolve("checkpoint.json"), AuditExport.lineOf(last) + "\n");

        for (int run = 1; run <= 2; run++) {
            start = System.nanoTime();
            ChainVerdict verdict;
            try (InputStream in = Files.newInputStream(export);
                 AuditExport.Reader reader = new AuditExport.Reader(in)) {
                verdict = new ChainVerifier(gateway.certificate(), List.of(last)).verify(reader);
            }
            System.out.printf("run %d: verified in %.2f s: %s%n", run, (System.nanoTime() - start) / 1e9,
                    verdict.describe());
        }
    }

    private static Checkpoint write(Path export, long count, SelfSignedCredentials gateway) throws IOException {
        ChainHasher hasher = new ChainHasher();
        Checkpoint last = null;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(export), 1 << 20);
             AuditExport.Writer writer = new AuditExport.Writer(file)) {
            String prevHash = ChainHasher.GENESIS;
            for (long seq = 1; seq <= count; seq++) {
                ChainHasher.Content content = GeneratedChain.contentAt(seq);
                ExportedEvent event = new ExportedEvent(content, prevHash, hasher.hashOf(prevHash, content));
                writer.write(event);
                prevHash = event.hash();
                if (seq % CHECKPOINT_EVERY == 0 || seq == count) {
                    last = Checkpoint.of(seq, prevHash, Instant.parse(content.at())).sign(gateway.privateKey(),
                            gateway.certificate());
                    writer.write(last);
                }
            }
        }
        return last;
    }
}
