package jp.sekisho.approval.boundary;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.control.FourEyesRule;
import jp.sekisho.approval.entity.Decision;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.ManifestWriter;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/** Co-signing: an approver approves or rejects one manifest digest, proving presence with a fresh TOTP code. */
@Stateless
public class Approvals {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

    @EJB
    GatewayKeys keys;

    private final Clock clock = Clock.systemUTC();

    public Batch decide(Caller caller, BatchId id, Decision decision, String manifestDigest, String totpCode,
            String reason) {
        try {
            Official approver = identities.official(caller);
            Batch batch = BatchLocks.lock(em, id);
            Instant now = clock.instant();
            // The rules are checked before the code is consumed, so a refused attempt does not burn a code.
            FourEyesRule.check(batch, approver, manifestDigest, now);
            long step = identities.stepUp(approver, totpCode);
            String subject = batch.channel().name() + "/" + batch.name();
            if (decision == Decision.APPROVE) {
                boolean available = batch.approve(approver, manifestDigest, step, now);
                audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_APPROVED, subject, id.value(),
                        caller.clientAddress(), "manifest sha256=" + manifestDigest + "; approval "
                                + batch.approvalCount() + " of " + batch.channel().policy().requiredApprovals()));
                if (available) {
                    SelfSignedCredentials signingKey = keys.manifestSigningKey();
                    byte[] released = ManifestWriter.release(batch, now).getBytes(StandardCharsets.UTF_8);
                    batch.release(new String(released, StandardCharsets.UTF_8),
                            CmsSignatures.signDetached(released, signingKey.privateKey(), signingKey.certificate()));
                    audit.append(AuditRecord.success("gateway", AuditAction.BATCH_AVAILABLE, subject, id.value(),
                            null, "download before " + batch.expiresAt()));
                }
            } else {
                batch.reject(approver, manifestDigest, reason, step, now);
                audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_REJECTED, subject, id.value(),
                        caller.clientAddress(), "manifest sha256=" + manifestDigest + "; reason: " + reason));
            }
            return batch;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, decision == Decision.APPROVE ? "approve" : "reject", id.value(),
                    refused);
        }
    }
}
