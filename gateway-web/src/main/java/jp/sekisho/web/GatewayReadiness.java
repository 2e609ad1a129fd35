package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.sftp.SftpServer;
import jp.sekisho.transfer.boundary.StorageSpace;

/**
 * Ready means: the SFTP endpoint listens, the database answers, the audit chain verifies, and storage has at least
 * {@code sekisho.storage.min-free-bytes} free (served at {@code /health/ready}). A broken chain is DOWN: a gateway
 * whose record cannot be trusted should not take work; low storage is DOWN so that the warning comes before a client
 * finds the disk full.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @EJB
    SftpServer sftp;

    @EJB
    AuditTrail audit;

    @EJB
    ChainWatch chainWatch;

    @EJB
    StorageSpace storage;

    @Override
    public HealthCheckResponse call() {
        boolean databaseAnswers = DatabaseWatch.current().reachable();
        if (databaseAnswers) {
            try {
                audit.events(Long.MAX_VALUE - 1, 1);
            } catch (RuntimeException e) {
                // Tells the watch, which begins an outage if the database does not answer its own probe either.
                DatabaseWatch.current().explains(e);
                databaseAnswers = false;
            }
        }
        boolean sftpListening = sftp.listening();
        ChainWatch.Status chain = chainWatch.status();
        StorageSpace.Status space = storage.now();
        return HealthCheckResponse.named("sekisho")
                .status(databaseAnswers && sftpListening && chain.intact() && !space.low())
                .withData("sftp", sftpListening ? "listening" : "down")
                .withData("storage", space.describe())
                .withData("auditChain", chain.intact() ? "verified up to event " + chain.verifiedSeq()
                        : "broken at event " + chain.firstBrokenSeq())
                .withData("database", databaseAnswers ? "reachable" : "unreachable").build();
    }
}
