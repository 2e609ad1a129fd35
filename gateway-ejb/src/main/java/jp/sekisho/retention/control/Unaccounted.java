package jp.sekisho.retention.control;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import jp.sekisho.transfer.control.CiphertextStore.StoredObject;
import jp.sekisho.transfer.control.TransfersInFlight;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;

/**
 * An object of a batch's storage folder that no committed file accounts for: what the audit trail names it, the file
 * name its upload was given (when a row still knows it), why it is unaccounted for, and the row still receiving that
 * leaves with it.
 */
public record Unaccounted(String subject, String fileName, String why, Optional<BatchFile> receivingRow) {

    /** When storage is reconciled: what may be in flight differs. */
    public enum Occasion {
        /** Before the SFTP endpoint opens: nothing is in flight here; other members may be receiving. */
        START,
        /** While uploads stream on this instance and perhaps on others. */
        SWEEP,
        /** An ended batch's folder: no upload into it can be kept any more. */
        PURGE
    }

    /**
     * Why the object is unaccounted for, or null when a committed file of a batch not yet purged accounts for it, or
     * this instance, or another running member under a lease that has not run out, is still receiving it into a batch
     * that has not ended.
     */
    public static Unaccounted of(StoredObject object, Optional<Batch> found, Occasion occasion,
            TransfersInFlight inFlight, Instant now, String member, Predicate<String> running) {
        if (found.isEmpty()) {
            return new Unaccounted("storage/" + object.folder() + "/" + object.name(), null,
                    "its folder belongs to no batch the database knows", Optional.empty());
        }
        Batch batch = found.get();
        String folder = batch.channel().name() + "/" + batch.name() + "/";
        boolean purged = batch.ending().purgedAt() != null;
        String key = object.storageKey().orElse(null);
        Optional<BatchFile> row = key == null ? Optional.empty()
                : batch.files().stream().filter(file -> file.storageKey().equals(key)).findFirst();
        if (row.isEmpty()) {
            return new Unaccounted(folder + object.name(), null, key == null
                    ? "not a name the gateway gives the files it stores" : purged ? "its batch was purged already"
                    : "no file of the batch was recorded under it (the start of its upload never committed)",
                    Optional.empty());
        }
        BatchFile file = row.get();
        String name = file.name().value();
        if (file.sealed()) {
            if (!purged && object.committed()) {
                return null;
            }
            return new Unaccounted(folder + name, name, purged ? "its batch was purged already"
                    : "a partial copy of a file committed already", Optional.empty());
        }
        if ((inFlight.uploads().open(key) || file.receivedElsewhereAt(now, member, running)) && !batch.state().ended()) {
            return null;
        }
        String why = inFlight.uploads().endNotRecorded(key) ? "the end of its upload could not be recorded"
                : occasion == Occasion.START ? "its upload was interrupted by a gateway stop"
                : batch.state().ended() ? "the batch ended while it was being received"
                : "the end of its upload was never recorded";
        return new Unaccounted(folder + name, name, why + (object.committed() ? " (it was sealed completely)"
                : " (it was received in part)"), row);
    }
}
