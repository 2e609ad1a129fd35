package jp.sekisho.transfer.control;

import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.transfer.entity.BatchId;

/** What the core handed out when a download began; {@code fileId} is absent for the manifest. */
public record DownloadTicket(AccountName account, String clientAddress, BatchId batch, Long fileId,
        String storageKey, String virtualPath) {
}
