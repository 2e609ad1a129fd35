package jp.sekisho.identity.boundary;

import java.time.Instant;
import java.util.List;

import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.AuthorizedKey;

/** A system account with the client networks it may log in from and its SSH keys, revoked ones included. */
public record SystemAccountView(String name, String organizationCode, String organizationName, boolean enabled,
        List<String> allowedNetworks, List<KeyView> keys) {

    /** A registered key: its fingerprint as {@code ssh-keygen -l} prints it, its type and comment, its life. */
    public record KeyView(String fingerprint, String type, String comment, Instant registeredAt, Instant revokedAt) {

        static KeyView of(AccountKey key) {
            AuthorizedKey parsed = AuthorizedKey.parse(key.publicKey());
            return new KeyView(key.fingerprint(), parsed.description(), parsed.comment(), key.registeredAt(),
                    key.revokedAt());
        }

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    static SystemAccountView of(SystemAccount account, List<AccountKey> keys) {
        return new SystemAccountView(account.name().value(), account.organization().code(),
                account.organization().name(), account.enabled(), account.allowedNetworks().stream()
                        .map(Object::toString).toList(), keys.stream().map(KeyView::of).toList());
    }
}
