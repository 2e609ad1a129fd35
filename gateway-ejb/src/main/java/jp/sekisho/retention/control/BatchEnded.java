package jp.sekisho.retention.control;

/** Fired when a batch's purge commits: its data is gone and its deletion certificate exists. */
public record BatchEnded(String batchPublicId) {
}
