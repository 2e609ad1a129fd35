package jp.sekisho.transfer.entity;

import jp.sekisho.audit.entity.Actor;
import jp.sekisho.identity.entity.AccountName;

/** A system account logged in over SFTP with a registered key, and the client it came from. */
public record AccountSession(AccountName account, String clientAddress) implements Actor {

    @Override
    public String name() {
        return account.value();
    }
}
