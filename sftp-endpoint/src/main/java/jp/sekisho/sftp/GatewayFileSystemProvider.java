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

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.ForbiddenOperation;

/**
 * The NIO face of an account's virtual tree, so that MINA's SFTP subsystem works unchanged on top of the core: each
 * operation is one call of the core's door ({@code Transfers}) with the path as the client sent it, and a refusal
 * becomes SFTP's "no such file" or "permission denied". What a path is, and what is allowed, the core decides.
 */
final class GatewayFileSystemProvider extends FileSystemProvider {

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

    /** Attributes sent with the open (permissions, times) are ignored: the gateway decides them. */
    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attributes) throws IOException {
        GatewayPath file = cast(path);
        GatewayFileSystem tree = file.getFileSystem();
        try {
            if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
                return new WriteChannel(tree.door(), tree.door().openForWrite(tree.session(), file.virtual()), file);
            }
            return new ReadChannel(tree.door(), tree.door().openForRead(tree.session(), file.virtual()), file);
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(file, refused);
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path directory, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        GatewayPath folder = cast(directory);
        GatewayFileSystem tree = folder.getFileSystem();
        List<Path> children;
        try {
            children = tree.door().list(tree.session(), folder.virtual()).stream()
                    .map(entry -> (Path) folder.resolve(entry.name())).filter(child -> accepts(filter, child))
                    .toList();
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(folder, refused);
        }
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
        try {
            folder.getFileSystem().door().createFolder(folder.getFileSystem().session(), folder.virtual());
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(folder, refused);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        throw forbidden(cast(path), ForbiddenOperation.REMOVE, null);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw forbidden(cast(source), ForbiddenOperation.COPY, null);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        throw forbidden(cast(source), ForbiddenOperation.RENAME, "to " + target);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
        throw forbidden(cast(link), ForbiddenOperation.SYMLINK, null);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw forbidden(cast(link), ForbiddenOperation.LINK, null);
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
        return (V) new ReadOnlyView(cast(path));
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
        return attributes(cast(path)).byName(attributes);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw forbidden(cast(path), ForbiddenOperation.SET_ATTRIBUTES, attribute);
    }

    private static GatewayFileAttributes attributes(GatewayPath path) throws IOException {
        GatewayFileSystem tree = path.getFileSystem();
        try {
            return new GatewayFileAttributes(tree.door().stat(tree.session(), path.virtual()), tree.session().name());
        } catch (Refused refused) {
            throw Refusals.inSftpTerms(path, refused);
        }
    }

    /** The core audits the operation it never allows and says why; the client gets permission denied. */
    static IOException forbidden(GatewayPath path, ForbiddenOperation operation, String detail) {
        GatewayFileSystem tree = path.getFileSystem();
        return Refusals.inSftpTerms(path, tree.door().refuse(tree.session(), operation, path.virtual(), detail));
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

    /** Attribute views read; every change is refused by the core and audited there. */
    private static final class ReadOnlyView implements PosixFileAttributeView {

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
            throw forbidden(path, ForbiddenOperation.SET_ATTRIBUTES, "times");
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
            throw forbidden(path, ForbiddenOperation.SET_ATTRIBUTES, "permissions");
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            throw forbidden(path, ForbiddenOperation.SET_ATTRIBUTES, "group");
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return attributes(path).owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            throw forbidden(path, ForbiddenOperation.SET_ATTRIBUTES, "owner");
        }
    }
}
