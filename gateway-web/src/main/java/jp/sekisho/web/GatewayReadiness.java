package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.sftp.SftpServer;

/** Ready means: the SFTP endpoint listens and the database answers (served at {@code /health/ready}). */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @EJB
    SftpServer sftp;

    @EJB
    AuditTrail audit;

    @Override
    public HealthCheckResponse call() {
        boolean databaseAnswers;
        try {
            audit.events(Long.MAX_VALUE - 1, 1);
            databaseAnswers = true;
        } catch (RuntimeException e) {
            databaseAnswers = false;
        }
        boolean sftpListening = sftp.listening();
        return HealthCheckResponse.named("sekisho").status(databaseAnswers && sftpListening)
                .withData("sftp", sftpListening ? "listening" : "down")
                .withData("database", databaseAnswers ? "reachable" : "unreachable").build();
    }
}
