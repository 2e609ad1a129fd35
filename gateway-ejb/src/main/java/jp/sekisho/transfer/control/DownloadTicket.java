package jp.sekisho.transfer.control;

import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/** What the core handed out when a read began; {@code fileId} is absent for the manifest and its signature. */
public record DownloadTicket(AccountSession session, BatchId batch, Long fileId, String virtualPath) {
}
