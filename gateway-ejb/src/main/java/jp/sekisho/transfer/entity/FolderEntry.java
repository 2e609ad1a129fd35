package jp.sekisho.transfer.entity;

import java.time.Instant;

/**
 * One entry of an account's virtual tree, as a listing or a stat shows it. {@code writable} folders are those the
 * tree has a level below (channels and batch folders); files are never writable once they exist.
 */
public record FolderEntry(String name, boolean directory, long size, Instant modified, boolean writable) {

    public static FolderEntry folder(String name, Instant modified, boolean writable) {
        return new FolderEntry(name, true, 0, modified, writable);
    }

    public static FolderEntry file(String name, long size, Instant modified) {
        return new FolderEntry(name, false, size, modified, false);
    }
}
