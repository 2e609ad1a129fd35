package jp.sekisho.identity.entity;

/** What an official may do in the console and the API. */
public enum Role {
    REQUESTER,
    APPROVER,
    AUDITOR,
    ADMIN
}
