package jp.sekisho.transfer.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Where sealed files live: {@code <data>/storage/<batch id>/<storage key>.p7m}. Only ciphertext is ever written here;
 * a file being received is a {@code .part} until its upload closes cleanly.
 */
@Dependent
public class CiphertextStore {

    private static final Pattern STORAGE_KEY = Pattern.compile("[a-f0-9-]{36}");

    private final Path root;

    /** The gateway's own storage, under its data directory. */
    @Inject
    public CiphertextStore(GatewaySettings settings) {
        this(settings.storageDirectory());
    }

    public CiphertextStore(Path root) {
        this.root = root;
    }

    public OutputStream createPart(BatchId batch, String storageKey) throws IOException {
        Path directory = Files.createDirectories(batchDirectory(batch));
        return Files.newOutputStream(directory.resolve(checked(storageKey) + ".part"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    /** Makes a completely received file visible under its final name, atomically. */
    public void commitPart(BatchId batch, String storageKey) throws IOException {
        Path directory = batchDirectory(batch);
        Files.move(directory.resolve(checked(storageKey) + ".part"), directory.resolve(storageKey + ".p7m"),
                StandardCopyOption.ATOMIC_MOVE);
    }

    public void deletePart(BatchId batch, String storageKey) {
        try {
            Files.deleteIfExists(batchDirectory(batch).resolve(checked(storageKey) + ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteSealed(BatchId batch, String storageKey) {
        try {
            Files.deleteIfExists(batchDirectory(batch).resolve(checked(storageKey) + ".p7m"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FileChannel openSealed(BatchId batch, String storageKey) throws IOException {
        return FileChannel.open(batchDirectory(batch).resolve(checked(storageKey) + ".p7m"), StandardOpenOption.READ);
    }

    /** Removes everything stored for a batch; harmless when it is already gone. Returns the number of files removed. */
    public int deleteBatch(BatchId batch) {
        Path directory = batchDirectory(batch);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
                removed++;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    public boolean holdsAnythingOf(BatchId batch) {
        return Files.exists(batchDirectory(batch));
    }

    private Path batchDirectory(BatchId batch) {
        return root.resolve(batch.value());
    }

    private static String checked(String storageKey) {
        if (!STORAGE_KEY.matcher(storageKey).matches()) {
            throw new IllegalArgumentException("Not a storage key");
        }
        return storageKey;
    }
}
