package jp.sekisho.transfer.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The uploads (by storage key) and reads (by read journal) this instance is serving, and those whose end it could not
 * record (the database failed at the close). Reconciliation leaves the first alone, and takes up the second at once
 * instead of waiting to be sure that no other instance is serving them.
 */
@ApplicationScoped
public class TransfersInFlight {

    private final Tracked uploads = new Tracked();
    private final Tracked reads = new Tracked();

    /** Uploads, by the storage key of what they write. */
    public Tracked uploads() {
        return uploads;
    }

    /** Reads, by the id of their read journal. */
    public Tracked reads() {
        return reads;
    }

    /** Transfers of one kind, from their start until their end is in the database. */
    public static final class Tracked {

        private final Set<String> open = ConcurrentHashMap.newKeySet();
        private final Set<String> endNotRecorded = ConcurrentHashMap.newKeySet();

        public void began(String key) {
            open.add(key);
        }

        /** Its end is in the database, whatever it was. */
        public void recorded(String key) {
            open.remove(key);
        }

        /** Its end is not in the database: what it left must be reconciled. */
        public void notRecorded(String key) {
            endNotRecorded.add(key);
            open.remove(key);
        }

        public boolean open(String key) {
            return open.contains(key);
        }

        /** The keys of every transfer open now. */
        public Set<String> openNow() {
            return Set.copyOf(open);
        }

        public boolean endNotRecorded(String key) {
            return endNotRecorded.contains(key);
        }

        public Set<String> endsNotRecorded() {
            return Set.copyOf(endNotRecorded);
        }

        /** What it left is accounted for now. */
        public void reconciled(String key) {
            endNotRecorded.remove(key);
        }
    }
}
