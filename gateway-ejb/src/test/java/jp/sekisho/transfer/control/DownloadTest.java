package jp.sekisho.transfer.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/**
 * A file counts as downloaded only when every byte was read and the handle closed cleanly: SFTP clients read in
 * parallel and out of order, so what counts is coverage, not order. Every range is in the read's journal before it
 * leaves, so that a read is accounted for even if its close is never recorded. Closing hands the core one outcome.
 */
class DownloadTest {

    private static final byte[] CONTENT = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final DownloadTicket TICKET = new DownloadTicket(new AccountSession(
            new AccountName("callcenter-inbox"), "192.0.2.10 port 50022"), BatchId.random(), null,
            "/benefit-notices/2025-04-notices/manifest.json");

    @TempDir
    Path directory;

    @Test
    void readingEverythingInOrderIsComplete() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        ByteBuffer whole = ByteBuffer.allocate(64);
        assertEquals(CONTENT.length, download.read(0, whole));

        assertTrue(download.readCompletely());
        assertEquals(CONTENT.length, download.bytesRead());
        assertArrayEquals(CONTENT, java.util.Arrays.copyOf(whole.array(), whole.position()));
    }

    @Test
    void outOfOrderReadsCoveringEverythingCountAsComplete() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        assertEquals("uvwxyz", read(download, 30, 10));
        assertEquals("abcdefghij", read(download, 10, 10));
        assertEquals("0123456789", read(download, 0, 10));
        assertFalse(download.readCompletely(), "bytes 20-29 are still unread");
        assertEquals("klmnopqrst", read(download, 20, 10));

        assertTrue(download.readCompletely());
        assertEquals(CONTENT.length, download.bytesRead());
    }

    @Test
    void aGapLeavesTheReadIncomplete() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        read(download, 0, 10);
        read(download, 11, 30);

        assertFalse(download.readCompletely());
        assertEquals(CONTENT.length - 1, download.bytesRead());
    }

    @Test
    void readingAllButTheLastByteIsIncomplete() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        read(download, 0, CONTENT.length - 1);

        assertFalse(download.readCompletely());
    }

    @Test
    void readingOnlyTheTailIsIncomplete() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        read(download, 1, 64);

        assertFalse(download.readCompletely());
        assertEquals(CONTENT.length - 1, download.bytesRead());
    }

    @Test
    void overlappingReadsMergeAndCountEachByteOnce() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        read(download, 0, 12);
        read(download, 8, 12);
        read(download, 8, 12);
        read(download, 30, 6);
        read(download, 18, 14);

        assertEquals(CONTENT.length, download.bytesRead());
        assertTrue(download.readCompletely());
    }

    @Test
    void aReadBridgingTwoEarlierRangesJoinsThem() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        read(download, 0, 5);
        read(download, 20, 16);
        read(download, 3, 19);

        assertEquals(CONTENT.length, download.bytesRead());
        assertTrue(download.readCompletely());
    }

    @Test
    void readsPastTheEndReturnMinusOne() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        assertEquals(-1, download.read(CONTENT.length, ByteBuffer.allocate(8)));
        assertEquals(-1, download.read(CONTENT.length + 1000L, ByteBuffer.allocate(8)));
        assertEquals(6, download.read(30, ByteBuffer.allocate(100)), "a read near the end is short");

        assertEquals(6, download.bytesRead());
        assertFalse(download.readCompletely());
    }

    @Test
    void aReadIsNoLargerThanTheCallersBuffer() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());

        assertEquals(4, download.read(0, ByteBuffer.allocate(4)));
        assertEquals(0, download.read(4, ByteBuffer.allocate(0)));

        assertEquals(4, download.bytesRead());
    }

    @Test
    void anEmptyDocumentIsCompleteWithoutAnyRead() throws IOException {
        Download download = Download.ofDocument(TICKET, new byte[0], journal());

        assertEquals(-1, download.read(0, ByteBuffer.allocate(8)));
        assertTrue(download.readCompletely());
        assertEquals(0, download.size());
    }

    @Test
    void aSealedFileOnDiskIsCountedTheSameWay() throws IOException {
        Path sealed = directory.resolve("0b0c7a52-6a0e-4c55-b1a3-0f8d5d3b9a11.p7m");
        Files.write(sealed, CONTENT);
        try (FileChannel channel = FileChannel.open(sealed, StandardOpenOption.READ)) {
            Download download = Download.ofSealedFile(TICKET, channel, journal());

            assertEquals(CONTENT.length, download.size());
            assertEquals("klmnopqrstuvwxyz", read(download, 20, 100));
            assertFalse(download.readCompletely());
            assertEquals("0123456789abcdefghij", read(download, 0, 20));
            assertTrue(download.readCompletely());
        }
    }

    @Test
    void closingHandsOutOneOutcomeWithWhatWasRead() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());
        read(download, 0, 10);
        read(download, 20, 5);

        Download.Outcome outcome = download.end().orElseThrow();

        assertFalse(outcome.complete());
        assertEquals(15, outcome.bytesRead());
        assertEquals("bytes 0-10,20-25 of " + CONTENT.length, outcome.ranges());
        assertEquals(TICKET, outcome.ticket());
        assertTrue(download.end().isEmpty(), "a second close reports nothing, so a read is recorded once");
    }

    @Test
    void closingAFileReadCompletelyReportsItComplete() throws IOException {
        Path sealed = directory.resolve("5e1f0c7a-6a0e-4c55-b1a3-0f8d5d3b9a11.p7m");
        Files.write(sealed, CONTENT);
        FileChannel channel = FileChannel.open(sealed, StandardOpenOption.READ);
        Download download = Download.ofSealedFile(TICKET, channel, journal());
        read(download, 0, 100);

        assertTrue(download.end().orElseThrow().complete());
        assertFalse(channel.isOpen(), "the stored file is released at the close");
    }

    @Test
    void everyRangeIsInTheJournalBeforeItLeavesAndASequentialRunStaysOneLine() throws IOException {
        ReadJournal journal = journal();
        Download download = Download.ofDocument(TICKET, CONTENT, journal);
        for (int offset = 0; offset < 30; offset += 3) {
            read(download, offset, 3);
        }
        read(download, 33, 3);

        ReadJournals.Journaled journaled = journals().read(journal.id()).orElseThrow();
        assertEquals("bytes 0-30,33-36 of " + CONTENT.length, journaled.ranges().describe(journaled.size()));
        assertEquals(TICKET, journaled.ticket());
        assertEquals(3, Files.readAllLines(directory.resolve("reads").resolve(journal.id() + ".read")).size(),
                "the header, one line for the run of ten reads, one for the read after the gap");
    }

    @Test
    void aRangeTheJournalCannotHoldDoesNotLeave() throws IOException {
        ReadJournal journal = journal();
        Download download = Download.ofDocument(TICKET, CONTENT, journal);
        journal.close();

        assertThrows(IOException.class, () -> read(download, 0, 10), "the read fails, so nothing is sent");
        assertEquals(0, download.bytesRead());
    }

    @Test
    void aReadWhoseConnectionEndedIsNotCompleteEvenIfEveryByteWasRead() throws IOException {
        Download download = Download.ofDocument(TICKET, CONTENT, journal());
        read(download, 0, 100);
        download.connectionLost();

        Download.Outcome outcome = download.end().orElseThrow();

        assertFalse(outcome.complete());
        assertEquals(CONTENT.length, outcome.bytesRead());
        assertEquals("the connection ended before the handle was closed", outcome.ending());
    }

    private ReadJournals journals() {
        return new ReadJournals(directory.resolve("reads"));
    }

    private ReadJournal journal() throws IOException {
        return journals().open(TICKET, CONTENT.length, java.time.Instant.parse("2025-04-02T09:00:00Z"));
    }

    private static String read(Download download, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int read = download.read(offset, buffer);
        return read < 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII);
    }
}
