package jp.sekisho.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jp.sekisho.transfer.entity.FolderEntry;

/** What a listing shows of an entry of the tree: the account owns it; the core says which folders are writable. */
record GatewayFileAttributes(FolderEntry entry, String ownerName) implements PosixFileAttributes {

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(entry.modified() == null ? Instant.EPOCH : entry.modified());
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return !entry.directory();
    }

    @Override
    public boolean isDirectory() {
        return entry.directory();
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return false;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public Object fileKey() {
        return null;
    }

    @Override
    public UserPrincipal owner() {
        return new AccountPrincipal(ownerName);
    }

    @Override
    public GroupPrincipal group() {
        return new AccountPrincipal(ownerName);
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        if (entry.directory()) {
            return PosixFilePermissions.fromString(entry.writable() ? "rwx------" : "r-x------");
        }
        return PosixFilePermissions.fromString("r--------");
    }

    /** The attributes by name, as {@code Files.readAttributes(path, "posix:…")} asks for them. */
    Map<String, Object> byName(String names) {
        Map<String, Object> all = new TreeMap<>();
        all.put("size", size());
        all.put("lastModifiedTime", lastModifiedTime());
        all.put("lastAccessTime", lastAccessTime());
        all.put("creationTime", creationTime());
        all.put("isDirectory", isDirectory());
        all.put("isRegularFile", isRegularFile());
        all.put("isSymbolicLink", false);
        all.put("isOther", false);
        all.put("fileKey", null);
        all.put("permissions", permissions());
        all.put("owner", owner());
        all.put("group", group());
        String wanted = names.contains(":") ? names.substring(names.indexOf(':') + 1) : names;
        if (wanted.equals("*")) {
            return all;
        }
        Map<String, Object> selected = new TreeMap<>();
        for (String name : wanted.split(",")) {
            if (all.containsKey(name)) {
                selected.put(name, all.get(name));
            }
        }
        return selected;
    }
}
