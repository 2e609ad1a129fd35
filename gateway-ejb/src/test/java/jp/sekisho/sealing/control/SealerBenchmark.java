package jp.sekisho.sealing.control;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import jp.sekisho.keys.SelfSignedCredentials;

/**
 * Seals generated CSV-like data into a discarding stream and prints throughput and heap use. Not a
 * test (surefire does not pick it up); run it from the test classpath, e.g. with {@code -Xmx64m} to
 * see that memory does not grow with the size:
 * {@code java -Xmx64m -cp target/classes:target/test-classes:<dependencies> \
 * jp.sekisho.sealing.control.SealerBenchmark [MiB, default 1024, at most 2047]}
 */
public final class SealerBenchmark {

    private static final int MIB = 1024 * 1024;
    /** What an SFTP server typically hands over per write request. */
    private static final int WRITE_BYTES = 32 * 1024;

    public static void main(String[] args) throws IOException {
        long requested = (args.length > 0 ? Long.parseLong(args[0]) : 1024) * MIB;
        long totalBytes = Math.min(requested, Sealer.MAX_FILE_BYTES);
        Sealer sealer = new Sealer(List.of(SelfSignedCredentials.generateRsa("Benchmark", 3072).certificate()), Instant.now());
        byte[] data = csvLikeBytes(4 * MIB);

        // Until C2 has compiled (and, after the second file's classes load, recompiled) the GCM,
        // SHA-256 and newline paths, sealing runs at a tenth of full speed; a long-running gateway
        // only sees the steady state, so warm up on a few files first.
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            seal(sealer, data, Math.min(totalBytes, 384L * MIB), new CountingDiscard());
        }

        CountingDiscard ciphertext = new CountingDiscard();
        long start = System.nanoTime();
        SealedFile sealed = seal(sealer, data, totalBytes, ciphertext);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("sealed %,d bytes (%,d records) into %,d bytes in %.2f s: %.0f MB/s%n",
                sealed.size(), sealed.records(), ciphertext.count, seconds, sealed.size() / 1e6 / seconds);
        System.out.printf("heap: peak %,d KiB (sum of pool peaks), max %,d KiB%n",
                peakHeapBytes() / 1024, Runtime.getRuntime().maxMemory() / 1024);
    }

    private static SealedFile seal(Sealer sealer, byte[] data, long totalBytes, OutputStream ciphertext)
            throws IOException {
        SealingStream stream = sealer.open(ciphertext, true);
        for (long written = 0; written < totalBytes; ) {
            int offset = (int) (written % (data.length - WRITE_BYTES));
            int length = (int) Math.min(WRITE_BYTES, totalBytes - written);
            stream.write(data, offset, length);
            written += length;
        }
        return stream.finish();
    }

    private static byte[] csvLikeBytes(int length) {
        Random random = new Random(42);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(60) == 0 ? (byte) '\n' : (byte) ('0' + random.nextInt(43));
        }
        return bytes;
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(usage -> usage.getUsed())
                .sum();
    }

    private static final class CountingDiscard extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
