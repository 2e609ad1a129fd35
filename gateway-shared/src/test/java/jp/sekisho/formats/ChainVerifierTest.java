package jp.sekisho.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.sekisho.formats.AuditExport.ExportedEvent;
import jp.sekisho.formats.ChainVerdict.Broken;
import jp.sekisho.formats.ChainVerdict.Intact;
import jp.sekisho.formats.ChainVerdict.Kind;
import jp.sekisho.keys.SelfSignedCredentials;

/**
 * A real chain of 20 events with checkpoints after seq 10 and 20, exported, then tampered with on the export's text
 * the way someone with access to the database or the file could. Line n of the export holds seq n up to seq 10; the
 * checkpoint for seq 10 is line 11, so seq n above 10 is line n + 1.
 */
class ChainVerifierTest {

    private static SelfSignedCredentials gateway;
    private static SelfSignedCredentials stranger;
    private static GeneratedChain chain;

    private List<String> lines;

    @BeforeAll
    static void chainAndKeys() {
        gateway = SelfSignedCredentials.generateEcSigning("Sekisho gateway");
        stranger = SelfSignedCredentials.generateEcSigning("Sekisho gateway");
        chain = GeneratedChain.of(25);
    }

    private List<String> export() {
        lines = chain.exportLines(1, 20, gateway, Set.of(10L, 20L));
        return lines;
    }

    @Test
    void anUntouchedExportIsIntactUpToItsLastCheckpoint() throws IOException {
        Intact intact = assertInstanceOf(Intact.class, verify(export()));

        assertEquals(20, intact.events());
        assertEquals(1, intact.firstSeq());
        assertEquals(20, intact.lastSeq());
        assertEquals(chain.event(20).hash(), intact.head());
        assertEquals(ChainVerdict.Start.GENESIS, intact.start());
        assertEquals(20, intact.lastCheckpoint().seq());
        assertEquals(2, intact.checkpointsVerified());
        assertTrue(intact.describe().startsWith("intact: 20 events, seq 1 to 20"), intact.describe());
    }

    @Test
    void aChangedDetailBreaksAtThatEvent() throws IOException {
        export();
        replace(7, lines.get(6).replace("目的", "目的なし"));

        assertBroken(7, Kind.CHANGED, 7, verify(lines), "a field of seq 7, or its hash, was changed");
    }

    @Test
    void anEventChangedAndReHashedAloneShowsAtTheNextSeq() throws IOException {
        export();
        ExportedEvent original = event(7);
        ChainHasher.Content c = original.content();
        ExportedEvent forged = chain.link(original.prevHash(), new ChainHasher.Content(c.seq(), c.at(), c.actor(),
                c.action(), c.outcome(), c.subject(), c.batch(), c.client(), "承認せず"));
        replace(7, AuditExport.lineOf(forged));

        Broken broken = assertBroken(8, Kind.BROKEN_LINK, 8, verify(lines), "Seq 8 is intact in itself");
        assertTrue(broken.describe().contains("seq 7 (line 7) (or an event before it) was changed and its hash "
                + "recomputed"), broken.describe());
    }

    @Test
    void aChainReHashedFromAChangedEventOnIsCaughtByTheNextCheckpoint() throws IOException {
        export();
        rehashFrom(7, "承認せず");

        assertBroken(10, Kind.CHECKPOINT_MISMATCH, 11, verify(lines), "an event from seq 1 up to seq 10 was changed");
    }

    @Test
    void aReHashedChainWithoutItsCheckpointsIsCaughtByOneKeptOutside() throws IOException {
        export();
        rehashFrom(12, "承認せず");
        lines.removeIf(line -> line.startsWith("{\"type\":\"checkpoint\""));
        Checkpoint keptOutside = chain.checkpointAt(15, gateway);

        assertBroken(15, Kind.CHECKPOINT_MISMATCH, 15, verify(lines, keptOutside), "checkpoint given separately");
        Intact unanchored = assertInstanceOf(Intact.class, verify(lines));
        assertTrue(unanchored.describe().contains("No signed checkpoint covers it, so it could have been cut short or"
                + " re-hashed as a whole"), unanchored.describe());
    }

    @Test
    void aRemovedEventIsNamedAsMissing() throws IOException {
        export();
        lines.remove(4);

        assertBroken(5, Kind.REMOVED, 5, verify(lines), "Seq 5 is not in the export: line 5, right after seq 4");
    }

    @Test
    void removingSeveralEventsNamesTheFirstMissingAndHowMany() throws IOException {
        export();
        lines.subList(4, 7).clear();

        assertBroken(5, Kind.REMOVED, 5, verify(lines), "3 events (seq 5 to 7) were deleted");
    }

    @Test
    void swappedEventsAreOutOfOrder() throws IOException {
        export();
        lines.add(4, lines.remove(5));

        assertBroken(5, Kind.REORDERED, 5, verify(lines), "Seq 5 stands at line 6, later than seq 6 at line 5");
    }

    @Test
    void anEventMovedFurtherDownIsOutOfOrderNotMissing() throws IOException {
        export();
        lines.add(8, lines.remove(4));

        assertBroken(5, Kind.REORDERED, 5, verify(lines), "Seq 5 stands at line 9");
    }

    @Test
    void anEventAddedWithTheSeqOfTheOneBeforeIsInserted() throws IOException {
        export();
        ExportedEvent forged = chain.link(event(4).hash(), GeneratedChain.contentAt(5));
        lines.add(5, AuditExport.lineOf(new ExportedEvent(withDetail(forged.content(), "偽"), forged.prevHash(),
                chain.link(forged.prevHash(), withDetail(forged.content(), "偽")).hash())));

        assertBroken(5, Kind.INSERTED, 6, verify(lines), "another event claiming seq 5, which the chain already has");
    }

    @Test
    void aForgedEventPlacedBeforeTheGenuineOneIsTheInsertedOne() throws IOException {
        export();
        ChainHasher.Content content = withDetail(GeneratedChain.contentAt(5), "偽");
        lines.add(4, AuditExport.lineOf(chain.link(event(4).hash(), content)));

        assertBroken(5, Kind.INSERTED, 5, verify(lines), "seq 6 links to the one at line 6, so the event at line 5 "
                + "was added");
    }

    @Test
    void anEventWithASeqThatFitsNowhereIsInserted() throws IOException {
        export();
        lines.add(5, AuditExport.lineOf(chain.link(event(5).hash(), GeneratedChain.contentAt(999))));

        assertBroken(999, Kind.INSERTED, 6, verify(lines), "which fits nowhere in the export; seq 6 follows at line 7");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsNotTheGateways() throws IOException {
        export();
        replace(11, AuditExport.lineOf(chain.checkpointAt(10, stranger)));

        assertBroken(10, Kind.CHECKPOINT_SIGNATURE, 11, verify(lines), "signed by another key than the certificate");
    }

    @Test
    void aCheckpointWhoseHeadWasEditedNoLongerVerifies() throws IOException {
        export();
        replace(11, lines.get(10).replace(chain.event(10).hash(), chain.event(9).hash()));

        assertBroken(10, Kind.CHECKPOINT_SIGNATURE, 11, verify(lines), "the signature does not verify");
    }

    @Test
    void anExportCutShortIsCaughtByACheckpointKeptOutside() throws IOException {
        lines = chain.exportLines(1, 16, gateway, Set.of(10L));

        assertBroken(17, Kind.TRUNCATED, 18, verify(lines, chain.checkpointAt(20, gateway)),
                "The export ends at seq 16, but the gateway signed a checkpoint at seq 20");
    }

    @Test
    void aRangeVouchesOnlyForItsOwnEventsAndSaysSo() throws IOException {
        lines = chain.exportLines(12, 20, gateway, Set.of(20L));

        Intact intact = assertInstanceOf(Intact.class, verify(lines));
        assertEquals(ChainVerdict.Start.TAKEN_AS_GIVEN, intact.start());
        assertEquals(12, intact.firstSeq());
        assertEquals(chain.event(11).hash(), intact.firstPrevHash());
        assertTrue(intact.describe().contains("It starts at seq 12 and its first link (prevHash "
                + chain.event(11).hash() + ") is taken as given"), intact.describe());
    }

    @Test
    void aRangeThatStartsWithTheCheckpointBeforeItIsAnchored() throws IOException {
        lines = chain.exportLines(10, 20, gateway, Set.of(10L, 20L));
        lines.remove(0);

        Intact intact = assertInstanceOf(Intact.class, verify(lines));
        assertEquals(ChainVerdict.Start.SIGNED_CHECKPOINT, intact.start());
        assertEquals(11, intact.firstSeq());
    }

    @Test
    void aRangeWhoseFirstLinkWasForgedBreaksAgainstItsLeadingCheckpoint() throws IOException {
        lines = chain.exportLines(10, 20, gateway, Set.of(10L, 20L));
        lines.remove(0);
        ChainHasher.Content content = withDetail(chain.event(11).content(), "偽");
        lines.set(1, AuditExport.lineOf(chain.link(chain.event(9).hash(), content)));

        assertBroken(11, Kind.BROKEN_LINK, 2, verify(lines), "the head of the signed checkpoint at seq 10");
    }

    @Test
    void anEventWithAnActionThisVersionDoesNotKnowStillVerifies() throws IOException {
        ChainHasher.Content login = GeneratedChain.contentAt(1);
        ExportedEvent newer = chain.link(ChainHasher.GENESIS, new ChainHasher.Content(1, login.at(), login.actor(),
                "FILE_PREVIEWED", login.outcome(), null, null, null, null));

        Intact intact = assertInstanceOf(Intact.class, verify(List.of(AuditExport.lineOf(newer))));
        assertTrue(intact.describe().contains("1 event(s) name actions this version does not know (the first: "
                + "FILE_PREVIEWED)"), intact.describe());
    }

    @Test
    void anEditedPrevHashFieldIsAChangedField() throws IOException {
        export();
        replace(7, lines.get(6).replace(chain.event(6).hash(), chain.event(5).hash()));

        assertBroken(7, Kind.CHANGED, 7, verify(lines), "its prevHash field was changed");
    }

    @Test
    void aLineThatIsNotJsonStopsTheVerification() throws IOException {
        export();
        replace(7, "{\"type\":\"event\",\"seq\":7,");

        assertBroken(7, Kind.MALFORMED, 7, verify(lines), "line 7: is not one JSON object");
    }

    private ChainVerdict verify(List<String> export, Checkpoint... keptOutside) throws IOException {
        byte[] text = (String.join("\n", export) + "\n").getBytes(StandardCharsets.UTF_8);
        try (AuditExport.Reader reader = new AuditExport.Reader(new ByteArrayInputStream(text))) {
            return new ChainVerifier(gateway.certificate(), List.of(keptOutside)).verify(reader);
        }
    }

    private static Broken assertBroken(long seq, Kind kind, long line, ChainVerdict verdict, String saying) {
        Broken broken = assertInstanceOf(Broken.class, verdict, verdict.describe());
        assertEquals(kind, broken.kind(), broken.describe());
        assertEquals(seq, broken.seq(), broken.describe());
        assertEquals(line, broken.line(), broken.describe());
        assertTrue(broken.describe().contains(saying), broken.describe());
        return broken;
    }

    /** What a forger with the database can do: change one event and recompute every hash from there on. */
    private void rehashFrom(long seq, String detail) throws IOException {
        List<String> forged = new ArrayList<>();
        String prevHash = chain.event(seq - 1).hash();
        for (String line : lines) {
            if (line.startsWith("{\"type\":\"event\"") && event(line).seq() >= seq) {
                ExportedEvent original = event(line);
                ChainHasher.Content content = original.seq() == seq ? withDetail(original.content(), detail)
                        : original.content();
                ExportedEvent rehashed = chain.link(prevHash, content);
                prevHash = rehashed.hash();
                forged.add(AuditExport.lineOf(rehashed));
            } else {
                forged.add(line);
            }
        }
        lines = forged;
    }

    private ExportedEvent event(int lineNumber) throws IOException {
        return event(lines.get(lineNumber - 1));
    }

    private static ExportedEvent event(String line) throws IOException {
        try (AuditExport.Reader reader = new AuditExport.Reader(
                new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))) {
            return (ExportedEvent) reader.next();
        }
    }

    private void replace(int lineNumber, String line) {
        lines.set(lineNumber - 1, line);
    }

    private static ChainHasher.Content withDetail(ChainHasher.Content c, String detail) {
        return new ChainHasher.Content(c.seq(), c.at(), c.actor(), c.action(), c.outcome(), c.subject(), c.batch(),
                c.client(), detail);
    }

}
