package jp.sekisho.formats;

import java.util.List;

/** What {@link ChainVerifier} concluded about an export, in words an auditor can act on. */
public sealed interface ChainVerdict permits ChainVerdict.Intact, ChainVerdict.Broken {

    /** One paragraph: what was verified, or where and how the chain breaks and what to conclude. */
    String describe();

    /** Where the verified chain starts. */
    enum Start {
        /** At seq 1, from the 64 zeros: nothing before it can be missing. */
        GENESIS,
        /** Right after a signed checkpoint whose head the first event links to. */
        SIGNED_CHECKPOINT,
        /** At a later seq, whose stated prevHash nothing vouches for: a range, or an export whose start was cut. */
        TAKEN_AS_GIVEN
    }

    /**
     * Every event links to the one before it and hashes to its stated hash, and every checkpoint is the gateway's and
     * matches the chain at its seq.
     *
     * @param lastCheckpoint the verified checkpoint with the highest seq, or {@code null} if none covers the export
     * @param notes          what the verifier could not vouch for (unknown actions, checkpoints before the range)
     */
    record Intact(long events, long firstSeq, long lastSeq, String head, Start start, String firstPrevHash,
            Checkpoint lastCheckpoint, int checkpointsVerified, List<String> notes) implements ChainVerdict {

        @Override
        public String describe() {
            StringBuilder text = new StringBuilder(String.format("intact: %,d events, seq %d to %d, head %s.", events,
                    firstSeq, lastSeq, head));
            switch (start) {
                case GENESIS -> text.append(" It starts at the beginning of the chain.");
                case SIGNED_CHECKPOINT -> text.append(" Its first event links to the head of the gateway's signed "
                        + "checkpoint at seq ").append(firstSeq - 1).append('.');
                case TAKEN_AS_GIVEN -> text.append(" It starts at seq ").append(firstSeq).append(" and its first link"
                        + " (prevHash ").append(firstPrevHash).append(") is taken as given: it vouches for events ")
                        .append(firstSeq).append(" to ").append(lastSeq).append(" only, not for what came before.");
            }
            if (lastCheckpoint == null) {
                text.append(" No signed checkpoint covers it, so it could have been cut short or re-hashed as a"
                        + " whole; verify it against a checkpoint kept outside the gateway.");
            } else {
                text.append(String.format(" %d signed checkpoint(s) match; the last at seq %d, signed at %s.",
                        checkpointsVerified, lastCheckpoint.seq(), lastCheckpoint.signedAt()));
                if (lastCheckpoint.seq() < lastSeq) {
                    text.append(" Events after seq ").append(lastCheckpoint.seq())
                            .append(" are vouched for by the chain alone, not by a signature.");
                }
            }
            notes.forEach(note -> text.append(' ').append(note));
            return text.toString();
        }
    }

    /**
     * The chain does not verify.
     *
     * @param seq  the first seq that cannot be trusted (see {@link Kind} for which event each kind names)
     * @param line the line of the export where it shows
     */
    record Broken(long seq, Kind kind, long line, String explanation) implements ChainVerdict {

        @Override
        public String describe() {
            return "broken at seq " + seq + " (line " + line + "): " + kind.title + ". " + explanation;
        }
    }

    /** How the chain breaks; the seq of the verdict is the one each description names. */
    enum Kind {
        /** The event at seq does not hash to its stated hash, or its own prevHash field was altered. */
        CHANGED("a field of this event was changed"),
        /**
         * The event at seq is intact in itself but its prevHash is not the hash of the event before it as exported:
         * that earlier event was changed and re-hashed by someone who could not re-hash the events after it.
         */
        BROKEN_LINK("the event before it was changed and re-hashed"),
        /** No event holds seq: it and possibly more after it were deleted. */
        REMOVED("an event is missing"),
        /** An event claiming seq (a seq the chain already has, or one that fits nowhere) was added. */
        INSERTED("an event was inserted"),
        /** The event with seq is in the export, but later than where the chain needs it. */
        REORDERED("events are out of order"),
        /** The checkpoint at seq is not signed by the gateway's certificate. */
        CHECKPOINT_SIGNATURE("a checkpoint is not the gateway's"),
        /** The chain's hash at seq differs from the head the gateway signed for seq. */
        CHECKPOINT_MISMATCH("the chain does not match the gateway's signed checkpoint"),
        /** The export ends before seq, which a checkpoint kept outside the gateway shows existed. */
        TRUNCATED("events are missing from the end"),
        /** A line is not in the export format; seq is the one expected next. */
        MALFORMED("the export cannot be read");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
