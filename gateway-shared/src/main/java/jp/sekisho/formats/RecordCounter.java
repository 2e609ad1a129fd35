package jp.sekisho.formats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * How the gateway counts the records of a file, shared by the gateway (while sealing) and by the recipient's
 * command-line tool (while opening), so that both sides agree on the figure the approvers saw: a record is a line
 * ending in '\n', plus a last line without one; CSV and TSV files start with a header line that is not a record.
 * <p>
 * Not thread-safe: one file, one counter.
 */
public final class RecordCounter {

    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final byte NEWLINE = '\n';

    private final boolean hasHeaderLine;
    private long bytes;
    private long newlines;
    private byte lastByte;

    public RecordCounter(boolean hasHeaderLine) {
        this.hasHeaderLine = hasHeaderLine;
    }

    /** A counter for the file of that name: CSV and TSV files have a header line. */
    public static RecordCounter forFile(String fileName) {
        return new RecordCounter(hasHeaderLine(fileName));
    }

    /** CSV and TSV files start with a header line that is not a record. */
    public static boolean hasHeaderLine(String fileName) {
        String lowerCase = fileName.toLowerCase(Locale.ROOT);
        return lowerCase.endsWith(".csv") || lowerCase.endsWith(".tsv");
    }

    public void update(byte value) {
        if (value == NEWLINE) {
            newlines++;
        }
        lastByte = value;
        bytes++;
    }

    public void update(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        newlines += countNewlines(buffer, offset, length);
        lastByte = buffer[offset + length - 1];
        bytes += length;
    }

    public long records() {
        long lines = newlines + (bytes > 0 && lastByte != NEWLINE ? 1 : 0);
        return hasHeaderLine ? Math.max(0, lines - 1) : lines;
    }

    /**
     * Counts '\n' eight bytes at a time (about four times faster than a byte loop): XOR with a
     * newline pattern turns newlines into zero bytes, and the high bit of
     * {@code ~(((x & 0x7F..) + 0x7F..) | x | 0x7F..)} is set exactly for the zero bytes of x.
     * Unlike the shorter "haszero" trick this has no carries between bytes, so it counts exactly.
     */
    static long countNewlines(byte[] bytes, int offset, int length) {
        long count = 0;
        int index = offset;
        int end = offset + length;
        for (int wordEnd = end - Long.BYTES; index <= wordEnd; index += Long.BYTES) {
            long x = (long) LITTLE_ENDIAN_LONGS.get(bytes, index) ^ NEWLINES;
            long zeroHighBits = ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
            count += Long.bitCount(zeroHighBits);
        }
        for (; index < end; index++) {
            if (bytes[index] == NEWLINE) {
                count++;
            }
        }
        return count;
    }
}
