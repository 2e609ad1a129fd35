package jp.sekisho.transfer.entity;

/** Where a batch is in its lifecycle (DESIGN §3). */
public enum BatchState {
    UPLOADING,
    AWAITING_APPROVAL,
    AVAILABLE,
    DELIVERED,
    REJECTED,
    EXPIRED,
    WITHDRAWN;

    public boolean ended() {
        return this == DELIVERED || this == REJECTED || this == EXPIRED || this == WITHDRAWN;
    }
}
