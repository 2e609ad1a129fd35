package jp.sekisho.sftp;

import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

import org.apache.sshd.common.file.util.BaseFileSystem;

import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.transfer.boundary.Transfers;

/** One SFTP session's view of the gateway: what its account may see, computed by the core on every call. */
final class GatewayFileSystem extends BaseFileSystem<GatewayPath> {

    private final AccountName account;
    private final String clientAddress;
    private final Transfers transfers;
    private volatile boolean open = true;

    GatewayFileSystem(GatewayFileSystemProvider provider, AccountName account, String clientAddress,
            Transfers transfers) {
        super(provider);
        this.account = account;
        this.clientAddress = clientAddress;
        this.transfers = transfers;
    }

    AccountName account() {
        return account;
    }

    String clientAddress() {
        return clientAddress;
    }

    Transfers transfers() {
        return transfers;
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
