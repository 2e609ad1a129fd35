package jp.sekisho.transfer.boundary;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.control.CoSigningRule;
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
import jp.sekisho.transfer.control.BatchVisibility;
import jp.sekisho.transfer.control.ManifestWriter;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchEnded;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Co-signing: an approver approves or rejects one manifest digest, proving presence with a fresh TOTP code. A batch
 * the approver does not see ({@link BatchVisibility}) is refused as not found before any rule of co-signing speaks.
 */
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

    @Inject
    Event<BatchEnded> ended;

    @Inject
    Clock clock;

    public BatchView decide(Caller caller, BatchId id, Decision decision, String manifestDigest, String totpCode,
            String reason) {
        try {
            Official approver = identities.official(caller);
            BatchVisibility.requireSeen(em, approver, id);
            Batch batch = BatchLocks.lock(em, id);
            Instant now = clock.instant();
            CoSigningRule.sign(batch.coSigning(), approver, manifestDigest, now,
                    signer -> identities.stepUp(signer, totpCode), step -> decision == Decision.APPROVE
                            ? approve(caller, approver, batch, step, now)
                            : reject(caller, approver, batch, reason, step, now));
            return BatchView.of(batch, now, audit.refusedFilesOf(id.value()));
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, decision == Decision.APPROVE ? "approve" : "reject", id.value(),
                    refused);
        }
    }

    private Batch approve(Caller caller, Official approver, Batch batch, long step, Instant now) {
        String digest = batch.submission().manifestDigest();
        boolean available = batch.approve(approver, digest, step, now);
        audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_APPROVED, subject(batch),
                batch.publicId().value(), caller.clientAddress(), "manifest sha256=" + digest + "; approval "
                        + batch.approvalCount() + " of " + batch.channel().policy().requiredApprovals()));
        if (available) {
            SelfSignedCredentials signingKey = keys.manifestSigningKey();
            byte[] released = ManifestWriter.release(batch, now).getBytes(StandardCharsets.UTF_8);
            batch.release(new String(released, StandardCharsets.UTF_8),
                    CmsSignatures.signDetached(released, signingKey.privateKey(), signingKey.certificate()));
            audit.append(AuditRecord.success("gateway", AuditAction.BATCH_AVAILABLE, subject(batch),
                    batch.publicId().value(), null, "download before " + batch.expiresAt()));
        }
        return batch;
    }

    private Batch reject(Caller caller, Official approver, Batch batch, String reason, long step, Instant now) {
        String digest = batch.submission().manifestDigest();
        batch.reject(approver, digest, reason, step, now);
        audit.append(AuditRecord.success(caller.login(), AuditAction.BATCH_REJECTED, subject(batch),
                batch.publicId().value(), caller.clientAddress(), "manifest sha256=" + digest + "; reason: "
                        + reason));
        ended.fire(new BatchEnded(batch.publicId()));
        return batch;
    }

    private static String subject(Batch batch) {
        return batch.channel().name() + "/" + batch.name();
    }
}
