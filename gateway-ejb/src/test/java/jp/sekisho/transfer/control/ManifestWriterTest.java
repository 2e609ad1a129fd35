package jp.sekisho.transfer.control;

import static jp.sekisho.testing.TransferWorld.APPROVAL_WINDOW;
import static jp.sekisho.testing.TransferWorld.PURPOSE;
import static jp.sekisho.testing.TransferWorld.SUBMITTED_AT;
import static jp.sekisho.testing.TransferWorld.USE_UNTIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import jp.sekisho.testing.TransferWorld;
import jp.sekisho.transfer.entity.Batch;

/** What approvers sign: the manifest's digest, reproducible byte for byte from what it describes. */
class ManifestWriterTest {

    private static final Instant DEADLINE = SUBMITTED_AT.plus(APPROVAL_WINDOW);

    private final TransferWorld world = new TransferWorld();
    private final Batch batch = world.uploaded(world.channel(1), "residents.csv", "households.csv");

    @Test
    void writingTheSameBatchTwiceGivesTheSameBytes() {
        ManifestWriter.Manifest first = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE);
        ManifestWriter.Manifest second = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE);

        assertEquals(first, second);
    }

    @Test
    void theDigestIsSha256OfTheUtf8Json() throws Exception {
        ManifestWriter.Manifest manifest = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE);

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(manifest.json().getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest), manifest.digest());
    }

    @Test
    void theManifestDescribesItsFormatBatchChannelAndPurpose() {
        String json = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE).json();

        assertTrue(json.startsWith("{\"format\":\"sekisho-manifest/1\",\"batchId\":\"" + batch.publicId() + "\","
                + "\"batchName\":\"2025-04-notices\",\"channel\":\"benefit-notices\","), json);
        assertTrue(json.contains("\"purpose\":\"" + PURPOSE + "\",\"useUntil\":\"2025-05-01T01:00:00Z\""), json);
        assertTrue(json.contains("\"requester\":{\"login\":\"tanaka\",\"name\":\"Tanaka\","
                + "\"organization\":\"minato-city\"}"), json);
        assertTrue(json.contains("\"windows\":{\"approvalDeadline\":\"2025-04-03T01:00:00Z\","
                + "\"downloadWindowSeconds\":86400,\"maxDownloads\":1},\"requiredApprovals\":2}"), json);
    }

    @Test
    void approversSeeTheDestinationsContractorChain() {
        String json = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE).json();

        assertTrue(json.contains("\"destination\":{\"account\":\"callcenter-inbox\","
                + "\"organization\":{\"code\":\"kansai-call\",\"name\":\"関西コールセンター\"},"
                + "\"contractorChain\":[{\"code\":\"kansai-call\",\"name\":\"関西コールセンター\"},"
                + "{\"code\":\"minato-city\",\"name\":\"港区役所\"}]}"), json);
    }

    @Test
    void everyFileIsListedWithItsFiguresAndSealedName() {
        String json = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE).json();

        assertTrue(json.contains("{\"name\":\"residents.csv\",\"size\":4096,\"sha256\":\"" + "a".repeat(64)
                + "\",\"records\":120,\"sealedName\":\"residents.csv.p7m\",\"sealedSize\":4400,"
                + "\"sealedSha256\":\"" + "b".repeat(64) + "\"}"), json);
        assertTrue(json.contains("\"name\":\"households.csv\""), json);
    }

    @Test
    void anyChangeToWhatIsDescribedChangesTheDigest() {
        String digest = ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE).digest();

        assertNotEquals(digest, ManifestWriter.write(batch, world.tanaka, PURPOSE + ".", USE_UNTIL, SUBMITTED_AT,
                DEADLINE).digest());
        assertNotEquals(digest, ManifestWriter.write(batch, world.takahashi, PURPOSE, USE_UNTIL, SUBMITTED_AT,
                DEADLINE).digest());
        assertNotEquals(digest, ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL.plusSeconds(1),
                SUBMITTED_AT, DEADLINE).digest());
        assertNotEquals(digest, ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL, SUBMITTED_AT,
                DEADLINE.plusSeconds(1)).digest());
        world.seal(batch, world.receive(batch, "late.csv"));
        assertNotEquals(digest, ManifestWriter.write(batch, world.tanaka, PURPOSE, USE_UNTIL,
                SUBMITTED_AT, DEADLINE).digest());
    }
}
