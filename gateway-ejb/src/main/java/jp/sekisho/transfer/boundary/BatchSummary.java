package jp.sekisho.transfer.boundary;

import java.time.Instant;
import java.util.Set;

import jp.sekisho.transfer.entity.BatchState;

/** A batch in a list: enough to find it and to see whose turn it is. {@link BatchView} has the rest. */
public record BatchSummary(String id, String name, String channel, BatchState state, Instant createdAt,
        Instant expiresAt, Set<String> decidedBy) {

    /** Awaiting approval, and this official has not decided yet. */
    public boolean awaitsDecisionOf(String login) {
        return state == BatchState.AWAITING_APPROVAL && !decidedBy.contains(login);
    }
}
