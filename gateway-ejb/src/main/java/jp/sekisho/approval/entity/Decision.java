package jp.sekisho.approval.entity;

/** What an approver decided about one manifest digest. */
public enum Decision {
    APPROVE,
    REJECT
}
