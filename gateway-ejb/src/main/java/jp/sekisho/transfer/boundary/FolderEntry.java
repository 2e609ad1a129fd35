package jp.sekisho.transfer.boundary;

import java.time.Instant;

/** One entry of an account's virtual SFTP tree. */
public record FolderEntry(String name, boolean directory, long size, Instant modified) {

    public static FolderEntry folder(String name, Instant modified) {
        return new FolderEntry(name, true, 0, modified);
    }

    public static FolderEntry file(String name, long size, Instant modified) {
        return new FolderEntry(name, false, size, modified);
    }
}
