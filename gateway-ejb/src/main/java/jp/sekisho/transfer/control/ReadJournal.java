package jp.sekisho.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The durable side of one read: before a range of bytes leaves, it is written here (one line per run of contiguous
 * reads, rewritten in place while the run grows), so that the read is accounted for even if its close is never
 * recorded. Written without forcing to disk: it outlives a crash of the gateway, not of the machine.
 */
public final class ReadJournal implements AutoCloseable {

    /** {@code start end}, each twenty digits, and a newline: a run is rewritten in place as it grows. */
    static final int LINE = 42;

    private final String id;
    private final FileChannel file;
    private long runAt = -1;
    private long runStart;
    private long runEnd;

    ReadJournal(String id, FileChannel file) {
        this.id = id;
        this.file = file;
    }

    public String id() {
        return id;
    }

    /** Records that {@code [start, end)} is about to leave; an exception means it must not. */
    public void reading(long start, long end) throws IOException {
        if (runAt >= 0 && start == runEnd) {
            runEnd = end;
            write(runAt, runStart, runEnd);
            return;
        }
        runAt = file.size();
        runStart = start;
        runEnd = end;
        write(runAt, runStart, runEnd);
    }

    private void write(long at, long start, long end) throws IOException {
        ByteBuffer line = ByteBuffer.wrap(String.format("%020d %020d\n", start, end)
                .getBytes(StandardCharsets.US_ASCII));
        while (line.hasRemaining()) {
            file.write(line, at + line.position());
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // Everything was written when it was read; closing adds nothing.
        }
    }
}
