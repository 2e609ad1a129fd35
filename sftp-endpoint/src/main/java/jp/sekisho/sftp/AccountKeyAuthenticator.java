package jp.sekisho.sftp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.persistence.DatabaseWatch;

/** Public-key logins of system accounts, against the keys registered in the core; nothing else logs in. */
final class AccountKeyAuthenticator implements PublickeyAuthenticator {

    static final AttributeRepository.AttributeKey<String> KEY_FINGERPRINT = new AttributeRepository.AttributeKey<>();

    private final SshLogins logins;

    AccountKeyAuthenticator(SshLogins logins) {
        this.logins = logins;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (!DatabaseWatch.current().reachable()) {
            return SshDoor.toldUnavailable(session);
        }
        try {
            return check(username, key, session);
        } catch (RuntimeException e) {
            if (DatabaseWatch.current().explains(e)) {
                return SshDoor.toldUnavailable(session);
            }
            throw e;
        }
    }

    private boolean check(String username, PublicKey key, ServerSession session) {
        String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        AccountName account;
        try {
            account = new AccountName(username);
        } catch (IllegalArgumentException e) {
            logins.recordSshLoginRefused(username, clientAddress(session),
                    "not a valid account name; key " + fingerprint);
            refused(session);
            return false;
        }
        boolean accepted = logins.acceptsKey(account, fingerprint, clientAddress(session));
        if (accepted) {
            session.setAttribute(KEY_FINGERPRINT, fingerprint);
        } else {
            refused(session);
        }
        return accepted;
    }

    private static void refused(ServerSession session) {
        java.util.concurrent.atomic.AtomicInteger refused = session.getAttribute(SshDoor.REFUSED_KEYS);
        if (refused != null) {
            refused.incrementAndGet();
        }
    }

    /** The client's host address, without the port: what the defender counts. */
    static String hostOf(ServerSession session) {
        SocketAddress address = session.getClientAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    static String clientAddress(ServerSession session) {
        SocketAddress address = session.getClientAddress();
        if (address instanceof InetSocketAddress inet) {
            // The port tells one session from another, as OpenSSH logs it: the custody report finds the key with it.
            return inet.getAddress().getHostAddress() + " port " + inet.getPort();
        }
        return String.valueOf(address);
    }
}
