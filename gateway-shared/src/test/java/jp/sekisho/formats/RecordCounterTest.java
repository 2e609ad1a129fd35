package jp.sekisho.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Records are what the gateway states in the manifest and the recipient's tool checks: both count them here. */
class RecordCounterTest {

    @Test
    void recordCountMatchesAByteByByteCountAtEveryAlignment() {
        Random random = new Random(8);
        for (int length = 0; length < 40; length++) {
            for (int offset = 0; offset < 9; offset++) {
                byte[] buffer = randomTextWithManyNewlines(offset + length + 5, random.nextLong());
                assertEquals(bytewiseNewlines(buffer, offset, length),
                        RecordCounter.countNewlines(buffer, offset, length), "offset " + offset + ", length " + length);
            }
        }
        byte[] allNewlines = new byte[1000];
        Arrays.fill(allNewlines, (byte) '\n');
        assertEquals(997, RecordCounter.countNewlines(allNewlines, 3, 997));
        byte[] nearMisses = {0x0B, 0x08, (byte) 0x8A, 0x0A, 0x09, 0x00, 0x1A, (byte) 0xFF, 0x0A, 0x0E};
        assertEquals(2, RecordCounter.countNewlines(nearMisses, 0, nearMisses.length));
    }

    @Test
    void aCsvFileCountsItsLinesLessTheHeaderAndALastLineWithoutNewlineCounts() {
        assertEquals(2, records("residents.csv", "resident_id,name\n1,山田\n2,佐藤\n"));
        assertEquals(2, records("residents.csv", "resident_id,name\n1,山田\n2,佐藤"));
        assertEquals(0, records("residents.csv", "resident_id,name\n"));
        assertEquals(3, records("notes.txt", "a\nb\nc"));
        assertEquals(0, records("notes.txt", ""));
    }

    private static long records(String fileName, String content) {
        RecordCounter counter = RecordCounter.forFile(fileName);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        counter.update(bytes, 0, bytes.length);
        return counter.records();
    }

    private static byte[] randomTextWithManyNewlines(int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(20) == 0) {
                bytes[i] = '\n';
            }
        }
        return bytes;
    }

    private static long bytewiseNewlines(byte[] bytes, int offset, int length) {
        long newlines = 0;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                newlines++;
            }
        }
        return newlines;
    }
}
