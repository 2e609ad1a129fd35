package jp.sekisho.transfer.control;

import java.io.IOException;
import java.nio.file.FileSystemException;

import jp.sekisho.shared.Refused;

/**
 * A write the file system refused for want of space (ENOSPC, or a quota that is used up). It is the one storage
 * failure a client and an operator must hear named as such: the client can only wait, the operator must free space.
 */
public final class StorageFull {

    public static final String REASON = "storage-full";

    private StorageFull() {
    }

    /** Whether the failure, or one of its causes, is the file system saying it has no space left. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String said = cause instanceof FileSystemException system && system.getReason() != null
                    ? system.getReason() : cause.getMessage();
            if (cause instanceof IOException && said != null
                    && (said.contains("No space left on device") || said.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** What a client hears when an upload could not be stored for want of space. */
    public static Refused uploadRefused() {
        return new Refused(Refused.Kind.UNAVAILABLE, REASON,
                "Storage full: the gateway has no space to store files now and kept nothing of this one; try again "
                        + "later");
    }

    /** What a client hears when a read could not be journaled for want of space: its bytes are not sent. */
    public static Refused readRefused() {
        return new Refused(Refused.Kind.UNAVAILABLE, REASON,
                "Storage full: the gateway has no space to record reads now, so it sends nothing; try again later");
    }
}
