package jp.sekisho.sftp;

import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

import org.apache.sshd.common.file.util.BaseFileSystem;

import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.entity.AccountSession;

/** One SFTP session's view of the gateway: paths of its account's virtual tree, answered by the core's door. */
final class GatewayFileSystem extends BaseFileSystem<GatewayPath> {

    private final AccountSession session;
    private final Transfers door;
    private volatile boolean open = true;

    GatewayFileSystem(GatewayFileSystemProvider provider, AccountSession session, Transfers door) {
        super(provider);
        this.session = session;
        this.door = door;
    }

    AccountSession session() {
        return session;
    }

    Transfers door() {
        return door;
    }

    @Override
    protected GatewayPath create(String root, List<String> names) {
        return new GatewayPath(this, root, names);
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "posix");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("Owners cannot be changed");
    }
}
