package jp.sekisho.approval.boundary;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/**
 * A decision as officials make it from the API or the console: recorded and committed first, then, if it ended
 * the batch (a rejection), the batch is purged in a transaction of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CoSigning {

    @EJB
    Approvals approvals;

    @EJB
    Retention retention;

    public Batch decide(Caller caller, BatchId id, Decision decision, String manifestDigest, String totpCode,
            String reason) {
        Batch batch = approvals.decide(caller, id, decision, manifestDigest, totpCode, reason);
        if (batch.state().ended()) {
            retention.purge(id);
        }
        return batch;
    }
}
