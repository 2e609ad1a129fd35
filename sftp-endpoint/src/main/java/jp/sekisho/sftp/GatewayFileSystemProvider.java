package jp.sekisho.sftp;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.formats.Receipt;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.FolderEntry;
import jp.sekisho.transfer.entity.BatchName;
import jp.sekisho.transfer.entity.FileName;

/**
 * The NIO face of the virtual tree, so that MINA's SFTP subsystem works unchanged on top of the core. Listing and
 * stat ask the core what the account may see; mkdir creates a batch; open streams through the core; everything
 * else (remove, rename, links, attribute changes) is refused and audited.
 */
final class GatewayFileSystemProvider extends FileSystemProvider {

    private static final int CHANNEL_DEPTH = 1;
    private static final int BATCH_DEPTH = 2;
    private static final int FILE_DEPTH = 3;

    @Override
    public String getScheme() {
        return "sekisho";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("File systems are created per SFTP session");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("File systems are created per SFTP session");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("Virtual paths have no URI");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attributes) throws IOException {
        GatewayPath file = cast(path);
        GatewayFileSystem fileSystem = file.getFileSystem();
        boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        List<String> segments = segments(file, writing ? "open for writing" : "open for reading");
        if (segments.size() != FILE_DEPTH) {
            throw Refusals.deny(fileSystem, writing ? "write" : "read", file, "not-a-batch-file",
                    "Files exist only inside a batch folder: /<channel>/<batch>/<file>");
        }
        try {
            ChannelName channel = new ChannelName(segments.get(0));
            BatchName batch = new BatchName(segments.get(1));
            if (writing && Receipt.FILE_NAME.equals(segments.get(2))) {
                fileSystem.transfers().beginReceipt(fileSystem.account(), channel, batch);
                return new ReceiptChannel(fileSystem, file, channel, batch);
            }
            if (writing) {
                // Attributes sent with the open (permissions, times) are ignored: the gateway decides them.
                return new UploadChannel(fileSystem.transfers().beginUpload(fileSystem.account(), channel, batch,
                        new FileName(segments.get(2)), fileSystem.clientAddress()), fileSystem, file);
            }
            return new DownloadChannel(fileSystem.transfers().beginDownload(fileSystem.account(), channel, batch,
                    segments.get(2), fileSystem.clientAddress()));
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, writing ? "write" : "read", file, refused);
        } catch (IllegalArgumentException invalidName) {
            throw Refusals.deny(fileSystem, writing ? "write" : "read", file,
                    new Refused(Refused.Kind.NOT_FOUND, "no-such-path", "No such file"));
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path directory, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        GatewayPath folder = cast(directory);
        List<Path> children = entries(folder).stream()
                .map(entry -> (Path) folder.resolve(entry.name()))
                .filter(child -> accepts(filter, child))
                .toList();
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return children.iterator();
            }

            @Override
            public void close() {
                // Nothing is held open: the listing was computed up front.
            }
        };
    }

    @Override
    public void createDirectory(Path directory, FileAttribute<?>... attributes) throws IOException {
        GatewayPath folder = cast(directory);
        GatewayFileSystem fileSystem = folder.getFileSystem();
        List<String> segments = segments(folder, "mkdir");
        if (segments.size() != BATCH_DEPTH) {
            throw Refusals.deny(fileSystem, "mkdir", folder, "mkdir-outside-channel",
                    "Folders can be created only directly inside a channel folder (one folder per batch)");
        }
        try {
            fileSystem.transfers().createBatch(fileSystem.account(), new ChannelName(segments.get(0)),
                    new BatchName(segments.get(1)), fileSystem.clientAddress());
        } catch (Refused refused) {
            throw Refusals.deny(fileSystem, "mkdir", folder, refused);
        } catch (IllegalArgumentException invalidName) {
            throw Refusals.deny(fileSystem, "mkdir", folder,
                    new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No such folder"));
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        GatewayPath target = cast(path);
        throw Refusals.deny(target.getFileSystem(), "remove", target, "no-remove",
                "Nothing can be removed over SFTP; batches are withdrawn by a requester and purged by the gateway");
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        GatewayPath from = cast(source);
        throw Refusals.deny(from.getFileSystem(), "copy", from, "no-copy", "Files cannot be copied on the gateway");
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        GatewayPath from = cast(source);
        throw Refusals.deny(from.getFileSystem(), "rename to " + target, from, "no-rename",
                "Files and folders cannot be renamed or moved");
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
        GatewayPath at = cast(link);
        throw Refusals.deny(at.getFileSystem(), "symlink", at, "no-links", "Links cannot be created");
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        GatewayPath at = cast(link);
        throw Refusals.deny(at.getFileSystem(), "link", at, "no-links", "Links cannot be created");
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        throw new NotLinkException(link.toString());
    }

    @Override
    public boolean isSameFile(Path first, Path second) {
        return first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize());
    }

    @Override
    public boolean isHidden(Path path) {
        return false;
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("The gateway's storage is not exposed");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        attributes(cast(path));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class) {
            return null;
        }
        GatewayPath target = cast(path);
        return (V) new ReadOnlyView(target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (!type.isAssignableFrom(GatewayFileAttributes.class)) {
            throw new UnsupportedOperationException("Attributes " + type.getSimpleName() + " are not available");
        }
        return (A) attributes(cast(path));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        GatewayFileAttributes found = attributes(cast(path));
        String names = attributes.contains(":") ? attributes.substring(attributes.indexOf(':') + 1) : attributes;
        Map<String, Object> all = new TreeMap<>();
        all.put("size", found.size());
        all.put("lastModifiedTime", found.lastModifiedTime());
        all.put("lastAccessTime", found.lastAccessTime());
        all.put("creationTime", found.creationTime());
        all.put("isDirectory", found.isDirectory());
        all.put("isRegularFile", found.isRegularFile());
        all.put("isSymbolicLink", false);
        all.put("isOther", false);
        all.put("fileKey", null);
        all.put("permissions", found.permissions());
        all.put("owner", found.owner());
        all.put("group", found.group());
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> selected = new TreeMap<>();
        for (String name : names.split(",")) {
            if (all.containsKey(name)) {
                selected.put(name, all.get(name));
            }
        }
        return selected;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        GatewayPath target = cast(path);
        throw Refusals.deny(target.getFileSystem(), "setstat " + attribute, target, "no-attribute-changes",
                "Attributes cannot be changed");
    }

    GatewayFileAttributes attributes(GatewayPath path) throws IOException {
        GatewayFileSystem fileSystem = path.getFileSystem();
        List<String> segments = path.segments();
        String owner = fileSystem.account().value();
        if (segments.isEmpty()) {
            return new GatewayFileAttributes(true, 0, null, owner, false);
        }
        if (segments.contains("..") || segments.size() > FILE_DEPTH) {
            throw new NoSuchFileException(path.toString());
        }
        GatewayPath parent = path.toAbsolutePath().normalize().getParent();
        String name = segments.get(segments.size() - 1);
        for (FolderEntry entry : entries(parent)) {
            if (entry.name().equals(name)) {
                boolean writable = entry.directory() && segments.size() < FILE_DEPTH;
                return new GatewayFileAttributes(entry.directory(), entry.size(), entry.modified(), owner, writable);
            }
        }
        throw new NoSuchFileException(path.toString());
    }

    private List<FolderEntry> entries(GatewayPath folder) throws IOException {
        GatewayFileSystem fileSystem = folder.getFileSystem();
        List<String> segments = folder.segments();
        try {
            return switch (segments.size()) {
                case 0 -> fileSystem.transfers().channelsOf(fileSystem.account());
                case CHANNEL_DEPTH -> fileSystem.transfers().batchesVisibleTo(fileSystem.account(),
                        new ChannelName(segments.get(0)));
                case BATCH_DEPTH -> fileSystem.transfers().filesVisibleTo(fileSystem.account(),
                        new ChannelName(segments.get(0)), new BatchName(segments.get(1)));
                default -> throw new NoSuchFileException(folder.toString());
            };
        } catch (Refused | IllegalArgumentException unknown) {
            throw new NoSuchFileException(folder.toString());
        }
    }

    private static List<String> segments(GatewayPath path, String operation) throws IOException {
        List<String> segments = path.segments();
        if (segments.contains("..") || segments.contains(".")) {
            throw Refusals.deny(path.getFileSystem(), operation, path, "path-outside-tree",
                    "Paths cannot leave the account's tree");
        }
        return segments;
    }

    private static boolean accepts(DirectoryStream.Filter<? super Path> filter, Path child) {
        try {
            return filter == null || filter.accept(child);
        } catch (IOException e) {
            return false;
        }
    }

    private static GatewayPath cast(Path path) {
        if (path instanceof GatewayPath gatewayPath) {
            return gatewayPath;
        }
        throw new ProviderMismatchException("Not a path of the gateway's virtual tree");
    }

    /** Attribute views read; every change is refused and audited. */
    private final class ReadOnlyView implements PosixFileAttributeView {

        private final GatewayPath path;

        ReadOnlyView(GatewayPath path) {
            this.path = path;
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return attributes(path);
        }

        @Override
        public void setTimes(FileTime modified, FileTime accessed, FileTime created) throws IOException {
            throw refuse("times");
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
            throw refuse("permissions");
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            throw refuse("group");
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return attributes(path).owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            throw refuse("owner");
        }

        private IOException refuse(String attribute) {
            return Refusals.deny(path.getFileSystem(), "setstat " + attribute, path, "no-attribute-changes",
                    "Attributes cannot be changed");
        }
    }
}
