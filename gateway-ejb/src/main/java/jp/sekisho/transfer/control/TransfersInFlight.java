package jp.sekisho.transfer.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The uploads this instance is receiving, by storage key, and those whose end it could not record (the database
 * failed at the close). Reconciling storage with the database leaves the first alone, and takes up the second at
 * once instead of waiting to be sure that no other instance is writing them.
 */
@ApplicationScoped
public class TransfersInFlight {

    private final Set<String> receiving = ConcurrentHashMap.newKeySet();
    private final Set<String> endNotRecorded = ConcurrentHashMap.newKeySet();

    public void began(String storageKey) {
        receiving.add(storageKey);
    }

    /** Its end is in the database, whatever it was. */
    public void recorded(String storageKey) {
        receiving.remove(storageKey);
    }

    /** Its end is not in the database: what it left in storage and in the database must be reconciled. */
    public void notRecorded(String storageKey) {
        endNotRecorded.add(storageKey);
        receiving.remove(storageKey);
    }

    public boolean receiving(String storageKey) {
        return receiving.contains(storageKey);
    }

    public boolean endNotRecorded(String storageKey) {
        return endNotRecorded.contains(storageKey);
    }

    public Set<String> endsNotRecorded() {
        return Set.copyOf(endNotRecorded);
    }

    /** What it left is accounted for now. */
    public void reconciled(String storageKey) {
        endNotRecorded.remove(storageKey);
    }
}
