package jp.sekisho.transfer.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Where sealed files live: {@code <data>/storage/<batch id>/<storage key>.p7m}. Only ciphertext is ever written here;
 * a file being received is a {@code .part} until its upload closes cleanly. Reconciliation lists and removes what
 * the database does not account for; it never reaches outside this directory.
 */
@Dependent
public class CiphertextStore {

    private static final Pattern STORAGE_KEY = Pattern.compile("[a-f0-9-]{36}");
    private static final Pattern OBJECT_NAME = Pattern.compile("([a-f0-9-]{36})\\.(p7m|part)");

    /**
     * One object in storage as reconciliation sees it: the folder it lies in (a batch's, or null directly under the
     * root), its name, its size and when it was last written.
     */
    public record StoredObject(String folder, String name, long size, Instant lastModified) {

        /** The storage key of an object named as the gateway names them; empty for anything else. */
        public Optional<String> storageKey() {
            var matcher = OBJECT_NAME.matcher(name);
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** Named as a completely received file; a {@code .part} or a foreign name is not. */
        public boolean committed() {
            return storageKey().isPresent() && name.endsWith(".p7m");
        }

        /** The batch whose folder holds it, when the folder is named as a batch. */
        public Optional<BatchId> batch() {
            try {
                return folder == null ? Optional.empty() : Optional.of(new BatchId(folder));
            } catch (IllegalArgumentException notABatch) {
                return Optional.empty();
            }
        }
    }

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

    /** The bytes the storage's file system still lets the gateway write. */
    public long usableSpace() {
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? 0 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file in storage: those of each batch folder, and any lying directly under the root. */
    public List<StoredObject> objects() {
        List<StoredObject> objects = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    objects.addAll(objectsIn(entry));
                } else {
                    describe(entry, null).ifPresent(objects::add);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** The files in one batch's folder, whatever their names. */
    public List<StoredObject> objectsOf(BatchId batch) {
        return objectsIn(batchDirectory(batch));
    }

    /** The SHA-256 of an object's bytes as they are now, read in one pass. */
    public String sha256Of(StoredObject object) {
        MessageDigest sha256 = Sha256.digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(pathOf(object))) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Deletes one object, and its batch folder once that is empty; harmless when it is already gone. */
    public void delete(StoredObject object) {
        try {
            Files.deleteIfExists(pathOf(object));
            if (object.folder() != null) {
                Files.deleteIfExists(root.resolve(object.folder()));
            }
        } catch (DirectoryNotEmptyException stillHoldsOthers) {
            // The folder keeps the batch's other files.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<StoredObject> objectsIn(Path directory) {
        List<StoredObject> objects = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                describe(entry, directory.getFileName().toString()).ifPresent(objects::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** A regular file as an object; anything else (a folder inside a batch's, a link) is not one the gateway wrote. */
    private static Optional<StoredObject> describe(Path file, String folder) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(folder, file.getFileName().toString(), attributes.size(),
                    attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException goneMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pathOf(StoredObject object) {
        Path folder = object.folder() == null ? root : root.resolve(object.folder());
        Path file = folder.resolve(object.name()).normalize();
        if (!file.getParent().equals(folder.normalize()) || !folder.normalize().startsWith(root.normalize())) {
            throw new IllegalArgumentException("Not an object of this storage");
        }
        return file;
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
