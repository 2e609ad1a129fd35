package jp.sekisho.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Security;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.identity.control.KeyRevoked;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.transfer.boundary.Transfers;

/**
 * Starts the SFTP endpoint with the application, with the gateway's host keys and the container's threads, and
 * closes the sessions of a key as soon as its revocation commits here, or within seconds of one on another member.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "GatewayKeysAtStart", "DemoWorld", "RetentionSweep"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
// No container lock: the endpoint is set before any call and is itself thread-safe, and the readiness probe must not
// wait behind a sweep that waits for the database.
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SftpServer {

    @Inject
    GatewaySettings settings;

    private static final Logger LOG = Logger.getLogger(SftpServer.class.getName());

    @EJB
    Transfers transfers;

    @EJB
    SshLogins logins;

    @EJB
    Defender defender;

    @EJB
    GatewayKeys keys;

    @EJB
    AuditTrail audit;

    @Resource
    ManagedThreadFactory threadFactory;

    private volatile SftpEndpoint endpoint;

    @PostConstruct
    void start() {
        GatewayKeys.HostKey hostKey = keys.sshHostKey();
        GatewayKeys.HostKey ecdsaHostKey = keys.sshEcdsaHostKey();
        try {
            endpoint = SftpEndpoint.start(settings.sftpHost(), settings.sftpPort(),
                    List.of(hostKey.privateKeyFile(), ecdsaHostKey.privateKeyFile()), transfers, logins, defender,
                    settings.defence(), threadFactory);
        } catch (IOException e) {
            throw new UncheckedIOException("The SFTP endpoint could not listen on " + settings.sftpHost() + ":"
                    + settings.sftpPort(), e);
        }
        audit.append(AuditRecord.success("gateway", AuditAction.GATEWAY_STARTED, "sftp " + settings.sftpHost() + ":"
                + endpoint.port(), null, null, "host keys " + hostKey.fingerprint() + " (Ed25519), "
                + ecdsaHostKey.fingerprint() + " (ECDSA)"));
        LOG.info(() -> "Sekisho SFTP listening on " + settings.sftpHost() + ":" + endpoint.port()
                + " — host key " + hostKey.fingerprint() + " (data directory " + settings.dataDirectory() + ")");
    }

    /** A revoked key loses its open sessions at once, not only its next login. */
    public void closeSessionsOf(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeyRevoked revoked) {
        if (endpoint != null) {
            int closed = endpoint.closeSessionsOfKey(revoked.fingerprint());
            LOG.info(() -> "Key " + revoked.fingerprint() + " of " + revoked.account() + " was revoked: " + closed
                    + " open SFTP session(s) closed");
        }
    }

    /**
     * A key revoked on another member of the cluster (or an account disabled anywhere) loses its sessions here within
     * seconds: the database, which every member shares, is asked about the keys of the open sessions.
     */
    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void closeSessionsOfKeysNoLongerValid() {
        if (endpoint == null || !DatabaseWatch.current().reachable()) {
            return;
        }
        int closed = endpoint.closeSessionsOfKeysNoLongerValid(logins::stillValid);
        if (closed > 0) {
            LOG.info(() -> closed + " open SFTP session(s) closed: their key was revoked or their account disabled");
        }
    }

    /** True while the endpoint accepts connections; the readiness check reports it. */
    public boolean listening() {
        return endpoint != null && endpoint.listening();
    }

    @PreDestroy
    void stop() {
        try {
            if (endpoint != null) {
                endpoint.close();
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
}
