package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.SshThreadPoolExecutor;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import jp.sekisho.config.DefenceSettings;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.entity.AccountSession;

/**
 * The SFTP endpoint as Apache MINA SSHD runs it: public-key logins of system accounts only, modern algorithms only,
 * and each account's virtual tree answered by the core's door. No shell, no commands, no forwarding. The application
 * starts it ({@link SftpServer}); the adapter's own tests start the very same endpoint inside the test JVM.
 */
public final class SftpEndpoint implements AutoCloseable {

    private final SshServer server;

    private SftpEndpoint(SshServer server) {
        this.server = server;
    }

    /**
     * Starts listening. {@code threads} makes the I/O and SFTP threads (the container's managed threads in the
     * application); calls into the core happen on them.
     */
    public static SftpEndpoint start(String host, int port, List<Path> hostKeyFiles, Transfers door,
            SshLogins logins, Defender defender, DefenceSettings defence, ThreadFactory threads) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(host);
        server.setPort(port);
        server.setKeyPairProvider(new FileKeyPairProvider(hostKeyFiles));
        server.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory(() -> executor(threads)));
        server.setScheduledExecutorService(Executors.newSingleThreadScheduledExecutor(threads), true);
        applyAlgorithmPolicy(server);
        // Without it small SFTP status replies wait for delayed ACKs, and uploads run at a third of the speed.
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator(new AccountKeyAuthenticator(logins));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, defence.sshMaxAuthTries());
        CoreModuleProperties.AUTH_TIMEOUT.set(server, defence.sshLoginGraceTime());
        SshDoor sshDoor = new SshDoor(defender, logins, defence);
        server.addSessionListener(sshDoor);
        if (defence.balancers().any()) {
            server.setServerProxyAcceptor(new ProxyHeader(defence.balancers(), sshDoor));
        }
        server.setShellFactory(null);
        server.setCommandFactory(null);

        GatewayFileSystemProvider provider = new GatewayFileSystemProvider();
        server.setFileSystemFactory(new FileSystemFactory() {
            @Override
            public Path getUserHomeDir(SessionContext session) {
                return null;
            }

            @Override
            public FileSystem createFileSystem(SessionContext session) {
                return new GatewayFileSystem(provider, new AccountSession(new AccountName(session.getUsername()),
                        AccountKeyAuthenticator.clientAddress((ServerSession) session)), door);
            }
        });
        SftpSubsystemFactory sftp = new GatewaySftpSubsystemFactory();
        sftp.setFileSystemAccessor(new GatewayFileSystemAccessor());
        sftp.setExecutorServiceProvider(() -> executor(threads));
        sftp.setErrorStatusDataHandler(new ClientFacingErrors());
        sftp.addSftpEventListener(new HandleExitListener());
        server.setSubsystemFactories(List.of(sftp));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session instanceof ServerSession serverSession) {
                    try {
                        logins.recordSshLogin(new AccountName(serverSession.getUsername()),
                                serverSession.getAttribute(AccountKeyAuthenticator.KEY_FINGERPRINT),
                                AccountKeyAuthenticator.clientAddress(serverSession));
                    } catch (RuntimeException e) {
                        // A login that cannot be recorded does not go on: every session is in the custody report.
                        if (!DatabaseWatch.current().explains(e)) {
                            throw e;
                        }
                        SshDoor.toldUnavailable(serverSession);
                    }
                }
            }
        });
        server.start();
        return new SftpEndpoint(server);
    }

    /** The port it listens on (the configured one, or the one the system chose for port 0). */
    public int port() {
        return server.getPort();
    }

    /** True while it accepts connections. */
    public boolean listening() {
        return server.isStarted() && !server.isClosing();
    }

    /** Closes every open session that logged in with this key; returns how many. */
    public int closeSessionsOfKey(String fingerprint) {
        int closed = 0;
        for (AbstractSession session : server.getActiveSessions()) {
            if (fingerprint.equals(session.getAttribute(AccountKeyAuthenticator.KEY_FINGERPRINT))) {
                session.close(true);
                closed++;
            }
        }
        return closed;
    }

    /**
     * Closes every session whose key is no longer valid, as the database says now: a key revoked, or an account
     * disabled, on any member of the cluster.
     */
    public int closeSessionsOfKeysNoLongerValid(Function<Set<String>, Set<String>> stillValid) {
        Set<String> inUse = new HashSet<>();
        for (AbstractSession session : server.getActiveSessions()) {
            String fingerprint = session.getAttribute(AccountKeyAuthenticator.KEY_FINGERPRINT);
            if (fingerprint != null) {
                inUse.add(fingerprint);
            }
        }
        if (inUse.isEmpty()) {
            return 0;
        }
        Set<String> valid = stillValid.apply(inUse);
        int closed = 0;
        for (String fingerprint : inUse) {
            if (!valid.contains(fingerprint)) {
                closed += closeSessionsOfKey(fingerprint);
            }
        }
        return closed;
    }

    /** Tells the listener of every session from now on; the adapter's tests watch what clients negotiate. */
    void addSessionListener(SessionListener listener) {
        server.addSessionListener(listener);
    }

    void removeSessionListener(SessionListener listener) {
        server.removeSessionListener(listener);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /**
     * Modern algorithms only: no CBC, no SHA-1, no finite-field Diffie-Hellman. ChaCha20 is left out for speed. The
     * MACs without EtM come last, for libssh2 1.10 (curl, PHP on Debian 12 and RHEL 9), which has neither EtM nor
     * GCM: with AES-CTR they are outside Terrapin's reach, which needs ChaCha20-Poly1305 or an EtM MAC.
     */
    private static void applyAlgorithmPolicy(SshServer server) {
        List<DHFactory> kex = new ArrayList<>();
        for (BuiltinDHFactories factory : List.of(BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.sntrup761x25519_openssh, BuiltinDHFactories.sntrup761x25519,
                BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp521,
                BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp256)) {
            if (factory.isSupported()) {
                kex.add(factory);
            }
        }
        server.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false, kex, ServerBuilder.DH2KEX));
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
        for (BuiltinCiphers cipher : List.of(BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128gcm,
                BuiltinCiphers.aes256ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes128ctr)) {
            if (cipher.isSupported()) {
                ciphers.add(cipher);
            }
        }
        server.setCipherFactories(ciphers);
        server.setMacFactories(new ArrayList<>(List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm,
                BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512)));
    }

    private static CloseableExecutorService executor(ThreadFactory threads) {
        return new SshThreadPoolExecutor(1, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads);
    }
}
