package jp.sekisho.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

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

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.control.KeyRevoked;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.transfer.boundary.Transfers;

/**
 * The SFTP endpoint, started with the application: public-key logins only, modern algorithms only, and each account
 * sees its virtual tree of channels and batches. No shell, no commands, no forwarding.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "GatewayKeysAtStart", "DemoWorld", "RetentionSweep"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SftpServer {

    private static final Logger LOG = Logger.getLogger(SftpServer.class.getName());

    @EJB
    Transfers transfers;

    @EJB
    Identities identities;

    @EJB
    GatewayKeys keys;

    @EJB
    AuditTrail audit;

    @Resource
    ManagedThreadFactory threadFactory;

    private SshServer server;

    @PostConstruct
    void start() {
        GatewaySettings settings = GatewaySettings.current();
        GatewayKeys.HostKey hostKey = keys.sshHostKey();
        GatewayKeys.HostKey ecdsaHostKey = keys.sshEcdsaHostKey();
        server = SshServer.setUpDefaultServer();
        server.setHost(settings.sftpHost());
        server.setPort(settings.sftpPort());
        server.setKeyPairProvider(new FileKeyPairProvider(hostKey.privateKeyFile(), ecdsaHostKey.privateKeyFile()));
        server.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory(() -> executor("sekisho-sftp-io")));
        server.setScheduledExecutorService(Executors.newSingleThreadScheduledExecutor(threadFactory), true);
        applyAlgorithmPolicy(server);

        // Without it small SFTP status replies wait for delayed ACKs, and uploads run at a third of the speed.
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator(new AccountKeyAuthenticator(identities));
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
                ServerSession serverSession = (ServerSession) session;
                return new GatewayFileSystem(provider, new AccountName(session.getUsername()),
                        AccountKeyAuthenticator.clientAddress(serverSession), transfers);
            }
        });
        SftpSubsystemFactory sftp = new GatewaySftpSubsystemFactory();
        sftp.setFileSystemAccessor(new GatewayFileSystemAccessor());
        sftp.setExecutorServiceProvider(() -> executor("sekisho-sftp-session"));
        sftp.setErrorStatusDataHandler(new ClientFacingErrors());
        sftp.addSftpEventListener(new HandleExitListener());
        server.setSubsystemFactories(List.of(sftp));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session instanceof ServerSession serverSession) {
                    identities.recordSshLogin(new AccountName(serverSession.getUsername()),
                            serverSession.getAttribute(AccountKeyAuthenticator.KEY_FINGERPRINT),
                            AccountKeyAuthenticator.clientAddress(serverSession));
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("The SFTP endpoint could not listen on " + settings.sftpHost() + ":"
                    + settings.sftpPort(), e);
        }
        audit.append(AuditRecord.success("gateway", AuditAction.GATEWAY_STARTED, "sftp " + settings.sftpHost() + ":"
                + server.getPort(), null, null, "host keys " + hostKey.fingerprint() + " (Ed25519), " + ecdsaHostKey.fingerprint() + " (ECDSA)"));
        LOG.info(() -> "Sekisho SFTP listening on " + settings.sftpHost() + ":" + server.getPort()
                + " — host key " + hostKey.fingerprint() + " (data directory " + settings.dataDirectory() + ")");
    }

    /** A revoked key loses its open sessions at once, not only its next login. */
    public void closeSessionsOf(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeyRevoked revoked) {
        if (server == null) {
            return;
        }
        for (AbstractSession session : server.getActiveSessions()) {
            if (revoked.fingerprint().equals(session.getAttribute(AccountKeyAuthenticator.KEY_FINGERPRINT))) {
                LOG.info(() -> "Closing SFTP session " + session + ": key " + revoked.fingerprint() + " of "
                        + revoked.account() + " was revoked");
                session.close(true);
            }
        }
    }

    /** True while the endpoint accepts connections; the readiness check reports it. */
    public boolean listening() {
        return server != null && server.isStarted() && !server.isClosing();
    }

    @PreDestroy
    void stop() {
        try {
            if (server != null) {
                server.stop(true);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "The SFTP endpoint did not stop cleanly: " + e);
        } finally {
            // MINA registers Bouncy Castle JVM-wide; left behind, its classes outlive a redeploy and break RSA logins.
            Security.removeProvider("BC");
        }
        try {
            audit.append(AuditRecord.success("gateway", AuditAction.GATEWAY_STOPPED, "sftp", null, null, null));
        } catch (RuntimeException e) {
            // On undeploy the container may close the data source before this bean: the stop goes unrecorded.
            LOG.info("The gateway's stop could not be recorded in the audit trail (database already closed)");
        }
    }

    /** Modern algorithms only: no CBC, no SHA-1, no finite-field Diffie-Hellman. ChaCha20 is left out for speed. */
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
        server.setMacFactories(new ArrayList<>(List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm)));
    }

    private CloseableExecutorService executor(String purpose) {
        return new SshThreadPoolExecutor(1, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory);
    }
}
