package jp.sekisho.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/**
 * One file arriving: sealed as it streams, written once from the start, checked against the channel's data contract
 * while it streams, and kept only if it ends cleanly. Whatever breaks a rule leaves no byte in storage, and the end
 * is one outcome for the core to record. Runs on real storage in a temporary directory and a real sealer.
 */
class UploadTest {

    private static final AccountSession SOURCE = new AccountSession(new AccountName("benefits"),
            "192.0.2.10 port 50022");
    private static final String CSV = "resident_id,name,benefit_yen\n1001,山田 太郎,12000\n1002,佐藤 花子,8000\n";
    private static final DataContract CONTRACT = new DataContract(List.of("*.csv"),
            List.of("resident_id", "name", "benefit_yen"), OptionalLong.empty(), OptionalLong.of(200),
            OptionalLong.empty(), OptionalLong.of(2), OptionalLong.empty());

    private static Sealer sealer;

    @TempDir
    Path storage;

    private CiphertextStore store;
    private BatchId batch;

    @BeforeAll
    static void recipient() {
        sealer = new Sealer(List.of(SelfSignedCredentials.generateEc("recipient", "secp256r1").certificate()),
                Instant.now());
    }

    @BeforeEach
    void freshBatch() {
        store = new CiphertextStore(storage);
        batch = BatchId.random();
    }

    @Test
    void aFileWrittenInOrderIsSealedAndOnlyCiphertextIsKept() throws IOException {
        Upload upload = start("data.csv", CONTRACT);
        byte[] plaintext = CSV.getBytes(StandardCharsets.UTF_8);
        upload.write(0, ByteBuffer.wrap(plaintext, 0, 10));
        upload.write(10, ByteBuffer.wrap(plaintext, 10, plaintext.length - 10).slice());

        Upload.Sealed sealed = assertInstanceOf(Upload.Sealed.class, upload.end().orElseThrow());

        assertEquals(plaintext.length, sealed.figures().size());
        assertEquals(Sha256.hex(plaintext), sealed.figures().sha256Hex());
        assertEquals(2, sealed.figures().records(), "the header line is not a record");
        assertEquals(List.of("resident_id", "name", "benefit_yen"), sealed.csvColumns());
        Path stored = storage.resolve(batch.value()).resolve(upload.ticket().storageKey() + ".p7m");
        assertEquals(List.of(stored), storedFiles(), "one sealed file under its final name, no part left");
        byte[] ciphertext = Files.readAllBytes(stored);
        assertEquals(ciphertext.length, sealed.ciphertextSize());
        assertEquals(Sha256.hex(ciphertext), sealed.ciphertextSha256());
        assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains("resident_id"),
                "no plaintext reaches the disk");
        assertTrue(upload.end().isEmpty(), "the outcome is handed out once");
    }

    @Test
    void everyWriteThatIsNotTheNextInOrderEndsTheUploadAndDeletesIt() throws IOException {
        byte[] plaintext = CSV.getBytes(StandardCharsets.UTF_8);
        for (long offset : new long[] {0, 5, 11, 1 << 20}) {
            Upload upload = start("data.csv", DataContract.NONE);
            upload.write(0, ByteBuffer.wrap(plaintext, 0, 10));

            Refused refused = assertThrows(Refused.class,
                    () -> upload.write(offset, ByteBuffer.wrap(plaintext, 10, 5)), "a write at " + offset);

            assertEquals("out-of-order-write", refused.reason());
            assertEquals(List.of(), storedFiles(), "nothing of it is kept");
            Upload.Discarded discarded = assertInstanceOf(Upload.Discarded.class, upload.end().orElseThrow());
            assertEquals(10, discarded.bytesReceived());
            assertTrue(discarded.why().contains("write at offset " + offset), discarded.why());
            assertNull(discarded.untold(), "the client heard it at the write");
            assertEquals("upload-ended", assertThrows(Refused.class,
                    () -> upload.write(10, ByteBuffer.wrap(plaintext, 10, 5))).reason());
        }
    }

    @Test
    void theContractIsCheckedWhileTheFileStreams() throws IOException {
        Upload columns = start("data.csv", CONTRACT);
        Refused forbiddenColumn = assertThrows(Refused.class, () -> columns.write(0,
                ByteBuffer.wrap("resident_id,mynumber\n1,2\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("contract-csv-columns", forbiddenColumn.reason());
        assertEquals(List.of(), storedFiles());
        assertTrue(((Upload.Discarded) columns.end().orElseThrow()).why().startsWith("contract-csv-columns"));

        Upload big = start("big.csv", CONTRACT);
        big.write(0, ByteBuffer.wrap(CSV.getBytes(StandardCharsets.UTF_8)));
        Refused tooBig = assertThrows(Refused.class, () -> big.write(CSV.getBytes(StandardCharsets.UTF_8).length,
                ByteBuffer.wrap(new byte[200])));
        assertEquals("contract-max-bytes-per-file", tooBig.reason(), "refused at the write that crosses the limit");
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void whatOnlyTheEndCanTellIsRefusedAtTheCloseAndNothingIsKept() throws IOException {
        Upload threeRecords = start("data.csv", CONTRACT);
        threeRecords.write(0, ByteBuffer.wrap((CSV + "1003,鈴木 一郎,5000\n").getBytes(StandardCharsets.UTF_8)));
        Upload.Discarded tooMany = assertInstanceOf(Upload.Discarded.class, threeRecords.end().orElseThrow());
        assertEquals("contract-max-records-per-file", tooMany.untold().reason(), "the client hears it at the close");

        Upload headerOnly = start("header.csv", CONTRACT);
        headerOnly.write(0, ByteBuffer.wrap("resident_id,mynumber".getBytes(StandardCharsets.UTF_8)));
        Upload.Discarded unchecked = assertInstanceOf(Upload.Discarded.class, headerOnly.end().orElseThrow());
        assertEquals("contract-csv-columns", unchecked.untold().reason(),
                "a file without a newline is all header, checked at the end");
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void aLostConnectionDiscardsTheFileWithoutTellingAnyone() throws IOException {
        Upload upload = start("data.csv", CONTRACT);
        upload.write(0, ByteBuffer.wrap(CSV.getBytes(StandardCharsets.UTF_8), 0, 20));

        upload.connectionLost();

        assertEquals(List.of(), storedFiles());
        Upload.Discarded discarded = assertInstanceOf(Upload.Discarded.class, upload.end().orElseThrow());
        assertEquals(20, discarded.bytesReceived());
        assertNull(discarded.untold(), "nobody is left to hear it");
    }

    @Test
    void aFileTheStorageCannotKeepIsRefusedAtTheCloseInsteadOfGoingMissing() throws IOException {
        Upload upload = start("data.csv", CONTRACT);
        upload.write(0, ByteBuffer.wrap(CSV.getBytes(StandardCharsets.UTF_8)));
        // The disk loses the partial file under the upload (an operator's cleanup, a full or failing volume).
        Files.delete(storage.resolve(batch.value()).resolve(upload.ticket().storageKey() + ".part"));

        Upload.Discarded discarded = assertInstanceOf(Upload.Discarded.class, upload.end().orElseThrow());

        assertEquals("upload-not-stored", discarded.untold().reason());
        assertEquals(List.of(), storedFiles());
    }

    private Upload start(String fileName, DataContract contract) throws IOException {
        UploadTicket ticket = new UploadTicket(SOURCE, batch, 1, UUID.randomUUID().toString(),
                "/benefit-notices/2025-04/" + fileName, fileName.endsWith(".csv"), contract);
        return Upload.start(store, ticket, sealer);
    }

    private List<Path> storedFiles() throws IOException {
        Path directory = storage.resolve(batch.value());
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
