package jp.sekisho.audit.entity;

/**
 * Fired when a change worth anchoring has committed (a batch's purge): the chain's head is signed at once rather
 * than at the next interval, so that a checkpoint kept outside covers the change.
 */
public record CheckpointDue(String reason) {
}
