package jp.sekisho.formats;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import jp.sekisho.formats.AuditExport.ExportedEvent;
import jp.sekisho.formats.AuditExport.MalformedExport;
import jp.sekisho.formats.ChainVerdict.Broken;
import jp.sekisho.formats.ChainVerdict.Kind;
import jp.sekisho.formats.ChainVerdict.Start;
import jp.sekisho.keys.CmsSignatures;

/**
 * Verifies an export offline, in one pass and constant memory: every event must link to the one before it and hash
 * to its stated hash, every checkpoint must be signed by the gateway's certificate and match the chain at its seq,
 * and the export must reach every checkpoint kept outside the gateway. The verdict names the first seq that cannot
 * be trusted and how the chain breaks there; only then does it read further, to tell a removed event from a
 * moved one. Not for sharing between threads.
 */
public final class ChainVerifier {

    public static final int PROGRESS_EVERY = 100_000;

    private static final Set<String> KNOWN_ACTIONS = Arrays.stream(AuditAction.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    private final X509Certificate gateway;
    private final List<Checkpoint> keptOutside;
    private final ChainHasher hasher = new ChainHasher();

    private AuditExport.Reader export;
    private long events;
    private long firstSeq;
    private long lastSeq;
    private long lastLine;
    /** The hash of event {@code lastSeq}, or before the first event the hash its prevHash must be. */
    private String head;
    private Checkpoint lastCheckpoint;
    private int checkpointsVerified;
    private int nextOutside;

    /**
     * @param gateway     the only certificate whose checkpoints are trusted
     * @param keptOutside checkpoints saved outside the gateway: the export must reach and match each of them
     */
    public ChainVerifier(X509Certificate gateway, Collection<Checkpoint> keptOutside) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.keptOutside = keptOutside.stream().sorted(Comparator.comparingLong(Checkpoint::seq)).toList();
    }

    public ChainVerdict verify(AuditExport.Reader export) throws IOException {
        return verify(export, verified -> { });
    }

    /** @param progress told the number of events verified so far, every {@link #PROGRESS_EVERY} events */
    public ChainVerdict verify(AuditExport.Reader export, LongConsumer progress) throws IOException {
        this.export = export;
        events = 0;
        lastCheckpoint = null;
        checkpointsVerified = 0;
        nextOutside = 0;
        Checkpoint leading = null;
        Start start = null;
        String firstPrevHash = null;
        long unknownActions = 0;
        String firstUnknownAction = null;
        try {
            for (AuditExport.Line line = export.next(); line != null; line = export.next()) {
                if (line instanceof Checkpoint checkpoint) {
                    Broken broken = events == 0 ? signatureFailure(checkpoint, "at the start of the export")
                            : checkpointInPlace(checkpoint);
                    if (broken != null) {
                        return broken;
                    }
                    leading = events == 0 ? checkpoint : leading;
                    continue;
                }
                ExportedEvent event = (ExportedEvent) line;
                if (events == 0) {
                    if (leading != null && leading.seq() != event.seq() - 1) {
                        return new Broken(event.seq(), Kind.MALFORMED, export.lineNumber(), "The export starts with "
                                + "the checkpoint at seq " + leading.seq() + ", but its first event is seq "
                                + event.seq() + "; a leading checkpoint signs the event right before the first.");
                    }
                    start = leading != null ? Start.SIGNED_CHECKPOINT : event.seq() == 1 ? Start.GENESIS
                            : Start.TAKEN_AS_GIVEN;
                    head = leading != null ? leading.head() : event.seq() == 1 ? ChainHasher.GENESIS
                            : event.prevHash();
                    firstPrevHash = event.prevHash();
                    firstSeq = event.seq();
                    lastSeq = event.seq() - 1;
                    if (leading != null) {
                        countVerified(leading);
                    }
                    Broken beforeStart = checkOutsideCheckpointsThrough(lastSeq);
                    if (beforeStart != null) {
                        return beforeStart;
                    }
                    if (lastCheckpoint != null) {
                        // A checkpoint kept outside at the seq right before the range vouches for its first link.
                        start = Start.SIGNED_CHECKPOINT;
                    }
                }
                if (event.seq() != lastSeq + 1) {
                    return outOfSequence(event);
                }
                String recomputed = hasher.hashOf(head, event.content());
                if (!event.prevHash().equals(head) || !recomputed.equals(event.hash())) {
                    return notLinking(event, recomputed);
                }
                head = event.hash();
                lastSeq = event.seq();
                lastLine = export.lineNumber();
                if (!KNOWN_ACTIONS.contains(event.content().action())) {
                    firstUnknownAction = firstUnknownAction == null ? event.content().action() : firstUnknownAction;
                    unknownActions++;
                }
                if (++events % PROGRESS_EVERY == 0) {
                    progress.accept(events);
                }
                Broken outside = checkOutsideCheckpointsThrough(lastSeq);
                if (outside != null) {
                    return outside;
                }
            }
        } catch (MalformedExport malformed) {
            return new Broken(lastSeq + 1, Kind.MALFORMED, malformed.lineNumber(), "The export is not in the format ("
                    + malformed.getMessage() + "); nothing after the last good line could be verified.");
        }
        if (events == 0) {
            return new Broken(1, Kind.MALFORMED, export.lineNumber(), "The export holds no event.");
        }
        Broken truncated = truncation();
        if (truncated != null) {
            return truncated;
        }
        List<String> notes = new ArrayList<>();
        if (unknownActions > 0) {
            notes.add(String.format("%,d event(s) name actions this version does not know (the first: %s); they "
                    + "verify as recorded, but update the tool to read them.", unknownActions, firstUnknownAction));
        }
        long beforeRange = keptOutside.stream().filter(checkpoint -> checkpoint.seq() < firstSeq - 1).count();
        if (beforeRange > 0) {
            notes.add(beforeRange + " checkpoint(s) given lie before this export's first event and were not checked.");
        }
        return new ChainVerdict.Intact(events, firstSeq, lastSeq, head, start, firstPrevHash, lastCheckpoint,
                checkpointsVerified, List.copyOf(notes));
    }

    /** Seq differs from the one the chain needs next: a removed, moved or inserted event. */
    private Broken outOfSequence(ExportedEvent event) throws IOException {
        long expected = lastSeq + 1;
        long line = export.lineNumber();
        String after = events == 0 ? "" : " after seq " + lastSeq + " (line " + lastLine + ")";
        if (event.seq() == lastSeq && events > 0 && nextEventLinksTo(event)) {
            return new Broken(lastSeq, Kind.INSERTED, lastLine, "Lines " + lastLine + " and " + line + " both claim seq "
                    + lastSeq + "; seq " + expected + " links to the one at line " + line + ", so the event at line "
                    + lastLine + " was added to the trail.");
        }
        if (event.seq() < expected) {
            if (event.seq() >= firstSeq) {
                return new Broken(event.seq(), Kind.INSERTED, line, "Line " + line + after + " holds another event "
                        + "claiming seq " + event.seq() + ", which the chain already has: it was added to the trail.");
            }
            return new Broken(event.seq(), Kind.REORDERED, line, "Seq " + event.seq() + " stands" + after
                    + ", though the export starts at seq " + firstSeq + ": events were moved.");
        }
        // Read on to where the needed event is, if anywhere: the only way to tell a gap from a move or an addition.
        long foundAt = -1;
        boolean claimedAgain = false;
        long highestOther = lastSeq;
        try {
            for (AuditExport.Line next = export.next(); next != null; next = export.next()) {
                if (next instanceof ExportedEvent later) {
                    foundAt = later.seq() == expected && foundAt < 0 ? export.lineNumber() : foundAt;
                    claimedAgain |= later.seq() == event.seq();
                    highestOther = Math.max(highestOther, later.seq());
                }
            }
        } catch (MalformedExport unreadableRest) {
            // What was read so far decides; the break at the needed seq stands either way.
        }
        if (foundAt < 0) {
            long missing = event.seq() - expected;
            return new Broken(expected, Kind.REMOVED, line, "Seq " + expected + " is not in the export: line " + line
                    + after.replace(" after", ", right after") + ", holds seq " + event.seq() + ". "
                    + (missing == 1 ? "That event was" : String.format("%,d events (seq %d to %d) were", missing,
                    expected, event.seq() - 1)) + " deleted, or the export skips them.");
        }
        if (claimedAgain || event.seq() > highestOther + 1) {
            return new Broken(event.seq(), Kind.INSERTED, line, "Line " + line + after + " holds an event claiming"
                    + " seq " + event.seq() + (claimedAgain ? ", which another line also claims" : ", which fits "
                    + "nowhere in the export") + "; seq " + expected + " follows at line " + foundAt
                    + ": an event was added to the trail.");
        }
        return new Broken(expected, Kind.REORDERED, line, "Seq " + expected + " stands at line " + foundAt + ", later "
                + "than seq " + event.seq() + " at line " + line + ": events were moved out of order.");
    }

    /** The event has the seq the chain needs, but does not link to the event before it or hash to its stated hash. */
    private Broken notLinking(ExportedEvent event, String recomputed) throws IOException {
        long seq = event.seq();
        long line = export.lineNumber();
        String before = events > 0 ? "seq " + (seq - 1) + " (line " + lastLine + ")" : seq == 1
                ? "the start of the chain (64 zeros)" : "the head of the signed checkpoint at seq " + (seq - 1);
        if (nextEventIsTheNeededOne(seq)) {
            return new Broken(seq, Kind.INSERTED, line, "Line " + line + " claims seq " + seq + " but does not "
                    + "verify; the next line holds seq " + seq + " that does: the event at line " + line
                    + " was added to the trail.");
        }
        if (event.prevHash().equals(head)) {
            return new Broken(seq, Kind.CHANGED, line, "Its fields do not hash to its stated hash " + event.hash()
                    + " (they hash to " + recomputed + "): a field of seq " + seq + ", or its hash, was changed.");
        }
        if (recomputed.equals(event.hash())) {
            return new Broken(seq, Kind.CHANGED, line, "Its prevHash field reads " + event.prevHash() + " but the "
                    + "event hashes correctly onto " + before + ": its prevHash field was changed.");
        }
        if (verifiesOnto(event.prevHash(), event)) {
            return new Broken(seq, Kind.BROKEN_LINK, line, "Seq " + seq + " is intact in itself, but its prevHash "
                    + event.prevHash() + " is not the hash of " + before + " (" + head + "). Conclude that " + before
                    + " (or an event before it) was changed and its hash recomputed by someone who could not "
                    + "re-hash seq " + seq + " and later, or that it was replaced.");
        }
        return new Broken(seq, Kind.CHANGED, line, "Neither its fields nor its link verify: seq " + seq
                + " was changed.");
    }

    /** Whether the next event line holds {@code seq} and verifies onto the current head. */
    private boolean nextEventIsTheNeededOne(long seq) throws IOException {
        ExportedEvent next = nextEvent();
        return next != null && next.seq() == seq && verifiesOnto(head, next);
    }

    /** Whether {@code duplicate} hashes correctly and the next event line is its successor, linked to it. */
    private boolean nextEventLinksTo(ExportedEvent duplicate) throws IOException {
        if (!verifiesOnto(duplicate.prevHash(), duplicate)) {
            return false;
        }
        ExportedEvent next = nextEvent();
        return next != null && next.seq() == duplicate.seq() + 1 && verifiesOnto(duplicate.hash(), next);
    }

    private boolean verifiesOnto(String prevHash, ExportedEvent event) {
        return event.prevHash().equals(prevHash) && hasher.hashOf(prevHash, event.content()).equals(event.hash());
    }

    /** The next event line, or null at the end or at a line that cannot be read: then the event is judged alone. */
    private ExportedEvent nextEvent() throws IOException {
        try {
            for (AuditExport.Line next = export.next(); next != null; next = export.next()) {
                if (next instanceof ExportedEvent event) {
                    return event;
                }
            }
        } catch (MalformedExport unreadable) {
            return null;
        }
        return null;
    }

    /** A checkpoint line inside the export: it must follow the event it signs and match the chain there. */
    private Broken checkpointInPlace(Checkpoint checkpoint) {
        if (checkpoint.seq() != lastSeq) {
            return new Broken(checkpoint.seq(), Kind.MALFORMED, export.lineNumber(), "The checkpoint for seq "
                    + checkpoint.seq() + " stands after seq " + lastSeq + "; a checkpoint follows the event it signs.");
        }
        return matchesHead(checkpoint, "in the export at line " + export.lineNumber(), export.lineNumber());
    }

    /** Checks every checkpoint kept outside up to {@code seq}, which the chain has reached with {@link #head}. */
    private Broken checkOutsideCheckpointsThrough(long seq) {
        for (; nextOutside < keptOutside.size() && keptOutside.get(nextOutside).seq() <= seq; nextOutside++) {
            Checkpoint checkpoint = keptOutside.get(nextOutside);
            if (checkpoint.seq() == seq) {
                Broken broken = matchesHead(checkpoint, "given separately", export.lineNumber());
                if (broken != null) {
                    return broken;
                }
            }
        }
        return null;
    }

    private Broken matchesHead(Checkpoint checkpoint, String where, long line) {
        Broken forged = signatureFailure(checkpoint, where);
        if (forged != null) {
            return forged;
        }
        if (!checkpoint.head().equals(head)) {
            String since = lastCheckpoint != null ? "after the checkpoint at seq " + lastCheckpoint.seq()
                    + ", which matched," : "from seq " + firstSeq;
            return new Broken(checkpoint.seq(), Kind.CHECKPOINT_MISMATCH, line, "The chain up to seq "
                    + checkpoint.seq() + " ends in " + head + ", but the gateway signed " + checkpoint.head() + " at "
                    + checkpoint.signedAt() + " (checkpoint " + where + "). Conclude that an event " + since
                    + " up to seq " + checkpoint.seq() + " was changed, added or removed and the chain re-hashed from"
                    + " there on.");
        }
        countVerified(checkpoint);
        return null;
    }

    private Broken signatureFailure(Checkpoint checkpoint, String where) {
        try {
            checkpoint.verify(gateway);
            return null;
        } catch (CmsSignatures.InvalidSignature invalid) {
            return new Broken(checkpoint.seq(), Kind.CHECKPOINT_SIGNATURE, export.lineNumber(), "The checkpoint at seq "
                    + checkpoint.seq() + " " + where + " is not signed by the gateway certificate given: "
                    + invalid.getMessage() + ". Do not rely on it; ask the gateway's operators for a genuine one.");
        }
    }

    private void countVerified(Checkpoint checkpoint) {
        checkpointsVerified++;
        if (lastCheckpoint == null || checkpoint.seq() >= lastCheckpoint.seq()) {
            lastCheckpoint = checkpoint;
        }
    }

    /** A checkpoint kept outside beyond the export's last event shows that events were cut from the end. */
    private Broken truncation() {
        for (Checkpoint beyond : keptOutside.subList(nextOutside, keptOutside.size())) {
            Broken forged = signatureFailure(beyond, "given separately");
            if (forged != null) {
                return forged;
            }
        }
        if (nextOutside == keptOutside.size()) {
            return null;
        }
        Checkpoint furthest = keptOutside.get(keptOutside.size() - 1);
        // The line named is the first one missing: the export's last line is whole.
        return new Broken(lastSeq + 1, Kind.TRUNCATED, export.lineNumber() + 1, "The export ends at seq " + lastSeq
                + ", but the gateway signed a checkpoint at seq " + furthest.seq() + " (head " + furthest.head()
                + ", signed at " + furthest.signedAt() + "): events " + (lastSeq + 1) + " to " + furthest.seq()
                + " were cut from the end.");
    }
}
