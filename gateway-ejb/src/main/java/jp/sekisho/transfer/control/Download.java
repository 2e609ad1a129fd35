package jp.sekisho.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * One read of a sealed file or of the manifest by the destination. It remembers which byte ranges were read so that
 * the file counts as downloaded only when every byte was read before the handle closed, and writes each range to the
 * read's journal before it leaves, so that the read is accounted for whatever happens to its close. Its end is an
 * {@link Outcome} the core records.
 */
public final class Download {

    /**
     * How a read ended: whether every byte was read and the handle closed cleanly, how many bytes were read, which
     * ranges, and, when it did not end with a clean close, how it ended.
     */
    public record Outcome(DownloadTicket ticket, boolean complete, long bytesRead, String ranges, String ending) {

        /** A read whose end is recorded only now, from its journal: it never counts as a download. */
        public static Outcome recovered(ReadJournals.Journaled journaled, String ending) {
            return new Outcome(journaled.ticket(), false, journaled.ranges().bytes(),
                    journaled.ranges().describe(journaled.size()), ending);
        }
    }

    private final DownloadTicket ticket;
    private final FileChannel sealedFile;
    private final byte[] inMemory;
    private final long size;
    private final ReadJournal journal;
    private final ReadRanges readRanges = new ReadRanges();
    private boolean connectionLost;
    private boolean storageFull;
    private boolean ended;

    private Download(DownloadTicket ticket, FileChannel sealedFile, byte[] inMemory, ReadJournal journal)
            throws IOException {
        this.ticket = ticket;
        this.sealedFile = sealedFile;
        this.inMemory = inMemory;
        this.size = sealedFile != null ? sealedFile.size() : inMemory.length;
        this.journal = journal;
    }

    public static Download ofSealedFile(DownloadTicket ticket, FileChannel file, ReadJournal journal)
            throws IOException {
        return new Download(ticket, file, null, journal);
    }

    public static Download ofDocument(DownloadTicket ticket, byte[] content, ReadJournal journal) throws IOException {
        return new Download(ticket, null, content, journal);
    }

    public DownloadTicket ticket() {
        return ticket;
    }

    /** The id of the read's journal, which the core deletes once the read's end is recorded. */
    public String journalId() {
        return journal.id();
    }

    public long size() {
        return size;
    }

    /**
     * Reads at {@code offset}; returns -1 at the end, like {@link FileChannel#read(ByteBuffer, long)}.
     *
     * @throws IOException when the range could not be journaled: the bytes read must not leave then
     * @throws jp.sekisho.shared.Refused when that was for want of space (storage full)
     */
    public int read(long offset, ByteBuffer target) throws IOException {
        if (offset >= size) {
            return -1;
        }
        int read;
        if (sealedFile != null) {
            read = sealedFile.read(target, offset);
        } else {
            read = (int) Math.min(target.remaining(), size - offset);
            target.put(inMemory, (int) offset, read);
        }
        if (read > 0) {
            try {
                journal.reading(offset, offset + read);
            } catch (IOException notJournaled) {
                if (StorageFull.causedBy(notJournaled)) {
                    storageFull = true;
                    throw StorageFull.readRefused();
                }
                throw notJournaled;
            }
            readRanges.add(offset, offset + read);
        }
        return read;
    }

    public long bytesRead() {
        return readRanges.bytes();
    }

    public boolean readCompletely() {
        return readRanges.cover(size);
    }

    /** The connection ended while the handle was open: whatever was read, the download did not complete. */
    public void connectionLost() {
        connectionLost = true;
    }

    /**
     * The handle closed: the file and the journal are released (the journal stays on disk until the core recorded
     * the outcome) and the outcome is handed out, once, for the core to record.
     */
    public Optional<Outcome> end() {
        if (ended) {
            return Optional.empty();
        }
        ended = true;
        if (sealedFile != null) {
            try {
                sealedFile.close();
            } catch (IOException e) {
                // Nothing was written through it; what was read is what counts.
            }
        }
        journal.close();
        String ending = storageFull ? StorageFull.REASON + ": a range could not be journaled, so it was not sent"
                : connectionLost ? "the connection ended before the handle was closed" : null;
        return Optional.of(new Outcome(ticket, readCompletely() && ending == null, bytesRead(),
                readRanges.describe(size), ending));
    }
}
