package jp.sekisho.transfer.control;

import java.util.Map;
import java.util.TreeMap;

/** The byte ranges of a file that a read has returned, merged as they arrive; what the audit trail states of a read. */
public final class ReadRanges {

    private static final int SHOWN = 20;

    /** Start → end (exclusive). */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    public void add(long start, long end) {
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> after = ranges.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            ranges.remove(after.getKey());
            after = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    public long bytes() {
        return ranges.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey()).sum();
    }

    /** Whether every byte of a file of {@code size} bytes was read. */
    public boolean cover(long size) {
        Map.Entry<Long, Long> first = ranges.firstEntry();
        return size == 0 || first != null && first.getKey() == 0 && first.getValue() >= size;
    }

    /** As the audit trail states them: {@code bytes 0-4096,8192-9000 of 9000}, the first twenty ranges. */
    public String describe(long size) {
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            if (count++ == SHOWN) {
                shown.append(" …");
                break;
            }
            shown.append(shown.length() == 0 ? "" : ",").append(range.getKey()).append('-').append(range.getValue());
        }
        return "bytes " + (shown.length() == 0 ? "none" : shown) + " of " + size;
    }
}
