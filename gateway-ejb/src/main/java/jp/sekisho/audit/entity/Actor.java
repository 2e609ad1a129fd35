package jp.sekisho.audit.entity;

/** Who did something, as the audit trail names them, and from which client address. */
public interface Actor {

    /** An official's login or a system account's name. */
    String name();

    /** Address and port of the client, as the protocol saw it; null for the gateway itself. */
    String clientAddress();
}
