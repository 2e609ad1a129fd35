package jp.sekisho.config;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How the gateway looks after its storage directory (docs/operations.md explains both settings).
 *
 * @param minFreeBytes below this much free space on the storage's file system, readiness reports a warning: uploads
 *        still run, but the next large one may find the disk full
 * @param unclaimedAfter how long an object in storage that no committed file accounts for, and that this instance is
 *        not writing, is left alone by the periodic reconciliation: it may be an upload another instance is
 *        streaming. At start, and for uploads whose end this instance failed to record, nothing waits
 */
public record StorageSettings(long minFreeBytes, Duration unclaimedAfter) {

    public static StorageSettings defaults() {
        return new StorageSettings(1L << 30, Duration.ofMinutes(15));
    }

    public static StorageSettings current() {
        return from(ConfigProvider.getConfig(StorageSettings.class.getClassLoader()));
    }

    static StorageSettings from(Config config) {
        StorageSettings defaults = defaults();
        return new StorageSettings(
                Math.max(0, config.getOptionalValue("sekisho.storage.min-free-bytes", Long.class)
                        .orElse(defaults.minFreeBytes())),
                Duration.ofMinutes(Math.max(1, config.getOptionalValue("sekisho.storage.unclaimed-minutes",
                        Long.class).orElse(defaults.unclaimedAfter().toMinutes()))));
    }
}
