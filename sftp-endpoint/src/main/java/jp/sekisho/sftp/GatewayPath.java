package jp.sekisho.sftp;

import java.io.File;
import java.nio.file.LinkOption;
import java.util.List;

import org.apache.sshd.common.file.util.BasePath;

import jp.sekisho.transfer.entity.VirtualPath;

/** A path of an account's virtual tree as MINA handles it; what it names is the core's {@link VirtualPath}. */
final class GatewayPath extends BasePath<GatewayPath, GatewayFileSystem> {

    GatewayPath(GatewayFileSystem fileSystem, String root, List<String> names) {
        super(fileSystem, root, names);
    }

    @Override
    public GatewayPath toRealPath(LinkOption... options) {
        return toAbsolutePath().normalize();
    }

    @Override
    public File toFile() {
        throw new UnsupportedOperationException("A virtual path has no local file");
    }

    VirtualPath virtual() {
        return VirtualPath.of(toAbsolutePath().toString());
    }
}
