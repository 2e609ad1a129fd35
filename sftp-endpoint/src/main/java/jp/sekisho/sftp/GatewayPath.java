package jp.sekisho.sftp;

import java.io.File;
import java.nio.file.LinkOption;
import java.util.List;

import org.apache.sshd.common.file.util.BasePath;

/** A path in an account's virtual tree: {@code /<channel>/<batch>/<file>}. It never names a file on the gateway's disk. */
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

    /** The absolute, normalized names; a path that climbs above the root is refused by the caller. */
    List<String> segments() {
        return toAbsolutePath().normalize().names;
    }
}
