package jp.sekisho.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Set;

/** What a listing shows of a virtual entry: the account owns it; folders it may write to are writable. */
record GatewayFileAttributes(boolean directory, long size, Instant modified, String ownerName, boolean writable)
        implements PosixFileAttributes {

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(modified == null ? Instant.EPOCH : modified);
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
        return !directory;
    }

    @Override
    public boolean isDirectory() {
        return directory;
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
        if (directory) {
            return PosixFilePermissions.fromString(writable ? "rwx------" : "r-x------");
        }
        return PosixFilePermissions.fromString("r--------");
    }
}
