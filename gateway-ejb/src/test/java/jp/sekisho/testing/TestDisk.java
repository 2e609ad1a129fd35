package jp.sekisho.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.ReadJournals;
import jp.sekisho.transfer.entity.BatchId;

/**
 * The disk under the gateway's storage and read journals, as a test fills it: once the space a test left is used up,
 * every write that would grow a file fails as the JDK reports ENOSPC ("No space left on device"), whether it opens a
 * file or writes into one. Until a test fills it, it is the real disk.
 */
public final class TestDisk {

    private static final String ENOSPC = "No space left on device";

    private final AtomicLong bytesLeft = new AtomicLong(Long.MAX_VALUE);

    /** No byte more fits. */
    public void fill() {
        bytesLeft.set(0);
    }

    /** This many more bytes fit. */
    public void leave(long bytes) {
        bytesLeft.set(bytes);
    }

    public void free() {
        bytesLeft.set(Long.MAX_VALUE);
    }

    /** The gateway's storage on this disk. */
    public CiphertextStore store(GatewaySettings settings) {
        return new CiphertextStore(settings) {
            @Override
            public OutputStream createPart(BatchId batch, String storageKey) throws IOException {
                if (bytesLeft.get() <= 0) {
                    throw new FileSystemException(storageKey + ".part", null, ENOSPC);
                }
                return new FilterOutputStream(super.createPart(batch, storageKey)) {
                    @Override
                    public void write(int b) throws IOException {
                        take(1);
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        take(length);
                        out.write(bytes, offset, length);
                    }
                };
            }

            @Override
            public long usableSpace() {
                return Math.min(super.usableSpace(), bytesLeft.get());
            }
        };
    }

    /** The gateway's read journals on this disk. */
    public ReadJournals journals(GatewaySettings settings) {
        return new ReadJournals(settings) {
            @Override
            protected FileChannel create(Path file) throws IOException {
                if (bytesLeft.get() <= 0) {
                    throw new FileSystemException(file.toString(), null, ENOSPC);
                }
                return new Growing(super.create(file));
            }
        };
    }

    private void take(long bytes) throws IOException {
        long left;
        do {
            left = bytesLeft.get();
            if (left < bytes) {
                bytesLeft.set(0);
                throw new IOException(ENOSPC);
            }
        } while (!bytesLeft.compareAndSet(left, left - bytes));
    }

    /** A file channel whose writes take space only where they grow the file, as on a real disk. */
    private final class Growing extends FileChannel {

        private final FileChannel file;

        Growing(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            take(Math.max(0, position + source.remaining() - file.size()));
            return file.write(source, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            take(Math.max(0, file.position() + source.remaining() - file.size()));
            return file.write(source);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            long bytes = 0;
            for (int i = offset; i < offset + length; i++) {
                bytes += sources[i].remaining();
            }
            take(Math.max(0, file.position() + bytes - file.size()));
            return file.write(sources, offset, length);
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return file.read(target);
        }

        @Override
        public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
            return file.read(targets, offset, length);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return file.read(target, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            file.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            throw new IOException("not used by the gateway's journals");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not used by the gateway's journals");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
