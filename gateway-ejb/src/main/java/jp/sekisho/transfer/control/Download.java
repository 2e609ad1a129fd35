package jp.sekisho.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One read of a sealed file or of the manifest by the destination. It remembers which byte ranges were read so that
 * the file counts as downloaded only when every byte was read before the handle closed; its end is an
 * {@link Outcome} the core records.
 */
public final class Download {

    /** How a read ended: whether every byte was read, how many were, and which ranges. */
    public record Outcome(DownloadTicket ticket, boolean complete, long bytesRead, String ranges) {
    }

    private final DownloadTicket ticket;
    private final FileChannel sealedFile;
    private final byte[] inMemory;
    private final long size;
    /** Read ranges, start → end (exclusive), merged as they arrive. */
    private final TreeMap<Long, Long> readRanges = new TreeMap<>();
    private boolean ended;

    private Download(DownloadTicket ticket, FileChannel sealedFile, byte[] inMemory) throws IOException {
        this.ticket = ticket;
        this.sealedFile = sealedFile;
        this.inMemory = inMemory;
        this.size = sealedFile != null ? sealedFile.size() : inMemory.length;
    }

    public static Download ofSealedFile(DownloadTicket ticket, FileChannel file) throws IOException {
        return new Download(ticket, file, null);
    }

    public static Download ofDocument(DownloadTicket ticket, byte[] content) throws IOException {
        return new Download(ticket, null, content);
    }

    public DownloadTicket ticket() {
        return ticket;
    }

    public long size() {
        return size;
    }

    /** Reads at {@code offset}; returns -1 at the end, like {@link FileChannel#read(ByteBuffer, long)}. */
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
            remember(offset, offset + read);
        }
        return read;
    }

    public long bytesRead() {
        return readRanges.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey()).sum();
    }

    public boolean readCompletely() {
        Map.Entry<Long, Long> first = readRanges.firstEntry();
        return size == 0 || first != null && first.getKey() == 0 && first.getValue() >= size;
    }

    /** The handle closed: the file is released and the outcome handed out, once, for the core to record. */
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
        return Optional.of(new Outcome(ticket, readCompletely(), bytesRead(), describeRanges()));
    }

    private void remember(long start, long end) {
        Map.Entry<Long, Long> before = readRanges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            readRanges.remove(before.getKey());
        }
        Map.Entry<Long, Long> after = readRanges.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            readRanges.remove(after.getKey());
            after = readRanges.ceilingEntry(start);
        }
        readRanges.put(start, end);
    }

    private String describeRanges() {
        StringBuilder ranges = new StringBuilder();
        int shown = 0;
        for (Map.Entry<Long, Long> range : readRanges.entrySet()) {
            if (shown++ == 20) {
                ranges.append(" …");
                break;
            }
            ranges.append(ranges.length() == 0 ? "" : ",").append(range.getKey()).append('-').append(range.getValue());
        }
        return "bytes " + (ranges.length() == 0 ? "none" : ranges) + " of " + size;
    }
}
