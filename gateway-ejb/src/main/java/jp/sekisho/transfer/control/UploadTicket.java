package jp.sekisho.transfer.control;

import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/** What the core handed out when an upload began, so that its end can be recorded against the right file. */
public record UploadTicket(AccountSession session, BatchId batch, long fileId, String storageKey, String virtualPath,
        boolean hasHeaderLine, DataContract contract) {
}
