package jp.sekisho.identity.control;

/**
 * Fired when an administrator revokes an SSH key, after the revocation is committed, so that the SFTP endpoint
 * closes the sessions that key opened.
 */
public record KeyRevoked(String account, String fingerprint) {
}
