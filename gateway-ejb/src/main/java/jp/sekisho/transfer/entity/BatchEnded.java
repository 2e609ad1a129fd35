package jp.sekisho.transfer.entity;

/**
 * Fired when a batch ends (delivered, rejected, withdrawn); once its transaction has committed, the batch's stored
 * ciphertext is purged. A batch that expires is ended and purged by the sweep itself.
 */
public record BatchEnded(BatchId batch) {
}
