package jp.sekisho.transfer.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.sekisho.transfer.entity.BatchId;

/** Where sealed files live, and how they leave: nothing outside the batch's directory is ever touched. */
class CiphertextStoreTest {

    private static final byte[] CIPHERTEXT = "not really CMS, but bytes all the same".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDirectory;

    private Path root;
    private CiphertextStore store;
    private final BatchId batch = BatchId.random();
    private final String key = UUID.randomUUID().toString();

    @BeforeEach
    void createStore() throws IOException {
        root = Files.createDirectory(dataDirectory.resolve("storage"));
        store = new CiphertextStore(root);
    }

    @Test
    void aFileBeingReceivedIsAPartUntilItIsCommitted() throws IOException {
        try (OutputStream part = store.createPart(batch, key)) {
            part.write(CIPHERTEXT);
        }
        Path directory = root.resolve(batch.value());
        assertTrue(Files.exists(directory.resolve(key + ".part")));
        assertFalse(Files.exists(directory.resolve(key + ".p7m")));
        assertThrows(NoSuchFileException.class, () -> store.openSealed(batch, key).close());

        store.commitPart(batch, key);

        assertFalse(Files.exists(directory.resolve(key + ".part")));
        assertArrayEquals(CIPHERTEXT, Files.readAllBytes(directory.resolve(key + ".p7m")));
        try (FileChannel sealed = store.openSealed(batch, key)) {
            ByteBuffer buffer = ByteBuffer.allocate(CIPHERTEXT.length);
            sealed.read(buffer, 0);
            assertArrayEquals(CIPHERTEXT, buffer.array());
        }
    }

    @Test
    void aPartIsNeverOverwritten() throws IOException {
        try (OutputStream part = store.createPart(batch, key)) {
            part.write(CIPHERTEXT);
        }

        assertThrows(FileAlreadyExistsException.class, () -> store.createPart(batch, key).close());
        assertArrayEquals(CIPHERTEXT, Files.readAllBytes(root.resolve(batch.value()).resolve(key + ".part")));
    }

    @Test
    void anAbandonedPartIsDeleted() throws IOException {
        try (OutputStream part = store.createPart(batch, key)) {
            part.write(CIPHERTEXT, 0, 5);
        }

        store.deletePart(batch, key);
        store.deletePart(batch, key);

        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void deleteBatchRemovesEverythingAndIsHarmlessTwice() throws IOException {
        String second = UUID.randomUUID().toString();
        String streaming = UUID.randomUUID().toString();
        for (String each : List.of(key, second, streaming)) {
            try (OutputStream part = store.createPart(batch, each)) {
                part.write(CIPHERTEXT);
            }
        }
        store.commitPart(batch, key);
        store.commitPart(batch, second);
        BatchId otherBatch = BatchId.random();
        try (OutputStream part = store.createPart(otherBatch, UUID.randomUUID().toString())) {
            part.write(CIPHERTEXT);
        }
        assertTrue(store.holdsAnythingOf(batch));

        assertEquals(3, store.deleteBatch(batch));

        assertFalse(store.holdsAnythingOf(batch));
        assertFalse(Files.exists(root.resolve(batch.value())));
        assertEquals(0, store.deleteBatch(batch));
        assertTrue(store.holdsAnythingOf(otherBatch), "other batches are untouched");
        assertEquals(1, filesUnder(root).size());
    }

    @Test
    void deletingABatchThatNeverStoredAnythingIsHarmless() {
        assertEquals(0, store.deleteBatch(BatchId.random()));
        store.deleteSealed(batch, key);
        store.deletePart(batch, key);
    }

    @Test
    void deleteSealedRemovesOneFile() throws IOException {
        try (OutputStream part = store.createPart(batch, key)) {
            part.write(CIPHERTEXT);
        }
        store.commitPart(batch, key);

        store.deleteSealed(batch, key);

        assertThrows(NoSuchFileException.class, () -> store.openSealed(batch, key).close());
        assertEquals(List.of(), filesUnder(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "../../etc/passwd", "..", "", "x", "not-a-storage-key",
            "0B0C7A52-6A0E-4C55-B1A3-0F8D5D3B9A11", "0b0c7a52-6a0e-4c55-b1a3-0f8d5d3b9a11/../../x",
            "0b0c7a52-6a0e-4c55-b1a3-0f8d5d3b9a1/", "0b0c7a52-6a0e-4c55-b1a3-0f8d5d3b9a11.p7m"})
    void storageKeysThatAreNotUuidShapedAreRefused(String badKey) throws IOException {
        assertThrows(IllegalArgumentException.class, () -> store.createPart(batch, badKey));
        assertThrows(IllegalArgumentException.class, () -> store.commitPart(batch, badKey));
        assertThrows(IllegalArgumentException.class, () -> store.openSealed(batch, badKey));
        assertThrows(IllegalArgumentException.class, () -> store.deletePart(batch, badKey));
        assertThrows(IllegalArgumentException.class, () -> store.deleteSealed(batch, badKey));

        assertEquals(List.of(), filesUnder(dataDirectory), "no file was created anywhere");
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
