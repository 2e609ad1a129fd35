package jp.sekisho.identity.boundary;

import java.time.Clock;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditAction;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.identity.control.AuthorizedKey;
import jp.sekisho.identity.control.KeyRevoked;
import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.transfer.entity.Refused;

/** Administration of system accounts' SSH keys: registration after full validation, and revocation at once. */
@Stateless
public class SystemAccounts {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

    @Inject
    Event<KeyRevoked> revocations;

    private final Clock clock = Clock.systemUTC();

    public List<SystemAccount> all(Caller caller) {
        identities.adminOrAuditor(caller, "list system accounts");
        return em.createQuery("SELECT a FROM SystemAccount a ORDER BY a.name", SystemAccount.class).getResultList();
    }

    public List<AccountKey> keysOf(SystemAccount account) {
        return em.createQuery("SELECT k FROM AccountKey k WHERE k.account = :account ORDER BY k.registeredAt",
                AccountKey.class).setParameter("account", account).getResultList();
    }

    public AccountKey registerKey(Caller caller, AccountName accountName, String publicKeyLine) {
        String subject = "ssh key of " + accountName;
        try {
            identities.admin(caller, "register SSH keys");
            SystemAccount account = account(accountName);
            AuthorizedKey key;
            try {
                key = AuthorizedKey.parse(publicKeyLine);
            } catch (IllegalArgumentException invalid) {
                throw new Refused(Refused.Kind.INVALID, "key-not-accepted", invalid.getMessage());
            }
            List<AccountKey> known = em.createQuery("SELECT k FROM AccountKey k WHERE k.fingerprint = :fp",
                    AccountKey.class).setParameter("fp", key.fingerprint()).getResultList();
            if (!known.isEmpty()) {
                AccountKey existing = known.get(0);
                throw new Refused(Refused.Kind.CONFLICT, "key-known", existing.revoked()
                        ? "This key was revoked and cannot be registered again; generate a new one"
                        : "This key is already registered for " + existing.account().name()
                                + "; one key belongs to one account");
            }
            AccountKey registered = new AccountKey(account, key.fingerprint(), key.line(), clock.instant());
            em.persist(registered);
            audit.append(AuditRecord.success(caller.login(), AuditAction.KEY_REGISTERED, subject, null,
                    caller.clientAddress(), key.description() + " " + key.fingerprint()
                            + (key.comment().isEmpty() ? "" : " (" + key.comment() + ")")));
            return registered;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "register " + subject, null, refused);
        }
    }

    /** Revokes the key; once committed, every SFTP session it opened is closed. */
    public AccountKey revokeKey(Caller caller, AccountName accountName, String fingerprint) {
        String subject = "ssh key of " + accountName;
        try {
            identities.admin(caller, "revoke SSH keys");
            SystemAccount account = account(accountName);
            AccountKey key = em.createQuery("SELECT k FROM AccountKey k WHERE k.account = :account "
                    + "AND k.fingerprint = :fp", AccountKey.class).setParameter("account", account)
                    .setParameter("fp", fingerprint).getResultStream().findFirst()
                    .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-key",
                            "Account " + accountName + " has no key " + fingerprint));
            if (key.revoked()) {
                throw new Refused(Refused.Kind.CONFLICT, "key-revoked", "This key was already revoked at "
                        + key.revokedAt());
            }
            key.revoke(clock.instant());
            audit.append(AuditRecord.success(caller.login(), AuditAction.KEY_REVOKED, subject, null,
                    caller.clientAddress(), fingerprint + "; its open SFTP sessions are closed"));
            revocations.fire(new KeyRevoked(accountName.value(), fingerprint));
            return key;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "revoke " + subject, null, refused);
        }
    }

    private SystemAccount account(AccountName name) {
        return identities.account(name).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-account",
                "No system account named " + name));
    }
}
