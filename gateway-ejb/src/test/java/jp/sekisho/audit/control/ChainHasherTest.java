package jp.sekisho.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;

/** {@code hash = SHA-256(prev_hash ‖ canonical event)}: what an offline verifier recomputes from an export. */
class ChainHasherTest {

    private static final long SEQ = 42;
    private static final Instant AT = Instant.parse("2025-04-01T09:30:00.250Z");
    private static final AuditRecord DOWNLOAD = AuditRecord.success("callcenter-inbox", AuditAction.FILE_DOWNLOADED,
            "/benefit-notices/2025-04-notices/residents.csv.p7m", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "192.0.2.10", "受領 bytes 0-4400 of 4400");
    private static final String CANONICAL = "{\"v\":1,\"seq\":42,\"at\":\"2025-04-01T09:30:00.250Z\","
            + "\"actor\":\"callcenter-inbox\",\"action\":\"FILE_DOWNLOADED\",\"outcome\":\"SUCCESS\","
            + "\"subject\":\"/benefit-notices/2025-04-notices/residents.csv.p7m\","
            + "\"batch\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"client\":\"192.0.2.10\","
            + "\"detail\":\"受領 bytes 0-4400 of 4400\"}";
    /** SHA-256 of the ASCII text "previous event", standing in for the hash of the event before. */
    private static final String PREVIOUS = "bd317b78f7ee20032ad2c262df54c03e2402e06e7d311535f893acadcaae2cc3";

    @Test
    void canonicalEventNamesEveryFieldInAFixedOrder() {
        assertEquals(CANONICAL, ChainHasher.canonicalEvent(DOWNLOAD.content(SEQ, AT)));
    }

    @Test
    void hashIsSha256OfTheRawPreviousHashThenTheCanonicalEvent() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(HexFormat.of().parseHex(PREVIOUS));
        String independent = HexFormat.of().formatHex(sha256.digest(CANONICAL.getBytes(StandardCharsets.UTF_8)));

        String hash = ChainHasher.hash(PREVIOUS, ChainHasher.canonicalEvent(DOWNLOAD.content(SEQ, AT)));

        assertEquals(independent, hash);
        // Computed outside Java: { printf PREVIOUS | xxd -r -p; printf '%s' CANONICAL; } | sha256sum
        assertEquals("f2bff60f3311c0b58be11dea413019d68b1c97226c5fddc51f9476b38ed2f960", hash);
    }

    @Test
    void theFirstEventChainsFromThirtyTwoZeroBytes() {
        assertEquals("0".repeat(64), ChainHasher.GENESIS);
        // { head -c 32 /dev/zero; printf '%s' CANONICAL; } | sha256sum
        assertEquals("b8e5da0be20c2babd8dcfa23b8be56a7d8aec7b70f652d0a1866a077ba383454",
                ChainHasher.hash(ChainHasher.GENESIS, CANONICAL));
    }

    @Test
    void changingAnyFieldOfAnEventChangesItsHash() {
        AuditRecord r = DOWNLOAD;
        List<String> variants = List.of(
                ChainHasher.canonicalEvent(r.content(SEQ, AT)),
                ChainHasher.canonicalEvent(r.content(SEQ + 1, AT)),
                ChainHasher.canonicalEvent(r.content(SEQ, AT.plusMillis(1))),
                ChainHasher.canonicalEvent((new AuditRecord("benefits", r.action(), r.outcome(), r.subject(),
                        r.batchPublicId(), r.clientAddress(), r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), AuditAction.MANIFEST_DOWNLOADED,
                        r.outcome(), r.subject(), r.batchPublicId(), r.clientAddress(), r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), AuditEvent.Outcome.DENIED,
                        r.subject(), r.batchPublicId(), r.clientAddress(), r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), r.outcome(),
                        "/benefit-notices/2025-04-notices/households.csv.p7m", r.batchPublicId(), r.clientAddress(),
                        r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), r.outcome(), r.subject(),
                        "3f2504e0-4f89-11d3-9a0c-0305e82c3302", r.clientAddress(), r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), r.outcome(), r.subject(),
                        r.batchPublicId(), "192.0.2.11", r.detail())).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), r.outcome(), r.subject(),
                        r.batchPublicId(), r.clientAddress(), "受領 bytes 0-4399 of 4400")).content(SEQ, AT)),
                ChainHasher.canonicalEvent((new AuditRecord(r.actor(), r.action(), r.outcome(), r.subject(),
                        r.batchPublicId(), r.clientAddress(), null)).content(SEQ, AT)));

        Set<String> hashes = new HashSet<>();
        for (String event : variants) {
            hashes.add(ChainHasher.hash(PREVIOUS, event));
        }

        assertEquals(variants.size(), hashes.size(), "every variant hashes differently");
    }

    @Test
    void anAbsentFieldAndTheWordNullAreDifferentEvents() {
        AuditRecord absent = AuditRecord.success("gateway", AuditAction.GATEWAY_STARTED, null, null, null, null);
        AuditRecord word = AuditRecord.success("gateway", AuditAction.GATEWAY_STARTED, "null", null, null, null);

        assertNotEquals(ChainHasher.hash(PREVIOUS, ChainHasher.canonicalEvent(absent.content(1, AT))),
                ChainHasher.hash(PREVIOUS, ChainHasher.canonicalEvent(word.content(1, AT))));
    }

    @Test
    void aReusedHasherGivesTheSameHashesAsOneHashAtATime() {
        ChainHasher hasher = new ChainHasher();
        ChainHasher.Content login = (AuditRecord.success("callcenter-inbox",
                AuditAction.SSH_LOGIN, null, null, "192.0.2.10", "key SHA256:abc")).content(1, AT);

        assertEquals(ChainHasher.hash(PREVIOUS, CANONICAL), hasher.hashOf(PREVIOUS, DOWNLOAD.content(SEQ, AT)));
        assertEquals(ChainHasher.hash(ChainHasher.GENESIS, ChainHasher.canonicalEvent(login)),
                hasher.hashOf(ChainHasher.GENESIS, login));
        assertEquals("f2bff60f3311c0b58be11dea413019d68b1c97226c5fddc51f9476b38ed2f960",
                hasher.hashOf(PREVIOUS, DOWNLOAD.content(SEQ, AT)), "no state carries over");
    }

    @Test
    void anActionThisVersionDoesNotKnowIsHashedByItsName() {
        ChainHasher.Content known = DOWNLOAD.content(SEQ, AT);
        ChainHasher.Content newer = new ChainHasher.Content(SEQ, known.at(), known.actor(), "FILE_PREVIEWED",
                known.outcome(), known.subject(), known.batch(), known.client(), known.detail());

        assertEquals(CANONICAL.replace("FILE_DOWNLOADED", "FILE_PREVIEWED"), ChainHasher.canonicalEvent(newer));
    }

    @Test
    void hashDependsOnThePreviousHash() {
        String event = ChainHasher.canonicalEvent(DOWNLOAD.content(SEQ, AT));

        assertNotEquals(ChainHasher.hash(ChainHasher.GENESIS, event), ChainHasher.hash(PREVIOUS, event));
        String flippedLastBit = PREVIOUS.substring(0, 63) + "2";
        assertNotEquals(ChainHasher.hash(PREVIOUS, event), ChainHasher.hash(flippedLastBit, event));
    }

    @Test
    void swappingTwoEventsChangesTheHeadOfTheChain() {
        String login = ChainHasher.canonicalEvent((AuditRecord.success("callcenter-inbox",
                AuditAction.SSH_LOGIN, null, null, "192.0.2.10", "key SHA256:abc")).content(1, AT));
        String download = ChainHasher.canonicalEvent(DOWNLOAD.content(2, AT.plusSeconds(1)));

        String inOrder = ChainHasher.hash(ChainHasher.hash(ChainHasher.GENESIS, login), download);
        String swapped = ChainHasher.hash(ChainHasher.hash(ChainHasher.GENESIS, download), login);

        assertNotEquals(inOrder, swapped);
    }
}
