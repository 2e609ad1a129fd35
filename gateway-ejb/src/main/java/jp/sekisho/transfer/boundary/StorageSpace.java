package jp.sekisho.transfer.boundary;

import java.time.Clock;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import jp.sekisho.config.StorageSettings;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.StorageAlarm;

/**
 * How much room storage has left, for readiness: below {@link StorageSettings#minFreeBytes()} the gateway is not
 * ready to take uploads, and the operator hears it before a client finds the disk full.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageSpace {

    @Inject
    CiphertextStore store;

    @Inject
    StorageSettings settings;

    @Inject
    StorageAlarm alarm;

    @Inject
    Clock clock;

    /** Free bytes on the storage's file system against the configured minimum. */
    public record Status(long freeBytes, long minFreeBytes) {

        public boolean low() {
            return freeBytes < minFreeBytes;
        }

        /** As readiness shows it. */
        public String describe() {
            return low() ? "low: " + freeBytes + " bytes free, below the minimum of " + minFreeBytes
                    : freeBytes + " bytes free";
        }
    }

    public Status now() {
        Status status = new Status(store.usableSpace(), settings.minFreeBytes());
        if (status.low()) {
            alarm.low(status.freeBytes(), status.minFreeBytes(), clock.instant());
        }
        return status;
    }
}
