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
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.control.KeyRevoked;
import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.ClientNetwork;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.AuthorizedKey;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

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

    @Inject
    Clock clock;

    /** Every system account with its networks and keys, for administrators and auditors. */
    public List<SystemAccountView> all(Caller caller) {
        identities.adminOrAuditor(caller, "list system accounts");
        return em.createQuery("SELECT a FROM SystemAccount a ORDER BY a.name", SystemAccount.class).getResultStream()
                .map(this::view).toList();
    }

    /** A new SFTP login for a machine of an organization; it has no key until one is registered. */
    public SystemAccountView create(Caller caller, String name, String organizationCode) {
        String subject = "system account " + name;
        try {
            identities.admin(caller, "create system accounts");
            AccountName accountName;
            try {
                accountName = new AccountName(name);
            } catch (InvalidValue invalid) {
                throw new Refused(Refused.Kind.INVALID, "account-name-invalid", invalid.getMessage());
            }
            if (identities.account(accountName).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "account-exists", "A system account " + name + " exists");
            }
            Organization organization = identities.existingOrganization(organizationCode);
            SystemAccount account = new SystemAccount(accountName, organization);
            em.persist(account);
            audit.append(AuditRecord.success(caller.login(), AuditAction.ACCOUNT_CREATED, subject, null,
                    caller.clientAddress(), "organization=" + organization.code() + "; no key yet"));
            return view(account);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "create " + subject, null, refused);
        }
    }

    public SystemAccountView.KeyView registerKey(Caller caller, String accountName, String publicKeyLine) {
        String subject = "ssh key of " + accountName;
        try {
            identities.admin(caller, "register SSH keys");
            SystemAccount account = account(accountName);
            AuthorizedKey key;
            try {
                key = AuthorizedKey.parse(publicKeyLine);
            } catch (InvalidValue invalid) {
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
            return SystemAccountView.KeyView.of(registered);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "register " + subject, null, refused);
        }
    }

    /** Revokes the key; once committed, every SFTP session it opened is closed. */
    public SystemAccountView.KeyView revokeKey(Caller caller, String accountName, String fingerprint) {
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
            revocations.fire(new KeyRevoked(account.name().value(), fingerprint));
            return SystemAccountView.KeyView.of(key);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "revoke " + subject, null, refused);
        }
    }

    /** Limits the account to client networks (CIDR); an empty list lets it log in from anywhere again. */
    public SystemAccountView limitToNetworks(Caller caller, String accountName, List<String> cidrs) {
        String subject = "allowed networks of " + accountName;
        try {
            identities.admin(caller, "change allowed networks");
            SystemAccount account = account(accountName);
            List<ClientNetwork> networks;
            try {
                networks = cidrs.stream().map(ClientNetwork::parse).toList();
            } catch (InvalidValue invalid) {
                throw new Refused(Refused.Kind.INVALID, "network-invalid", invalid.getMessage());
            }
            List<ClientNetwork> before = account.allowedNetworks();
            account.limitToNetworks(networks);
            audit.append(AuditRecord.success(caller.login(), AuditAction.ACCOUNT_NETWORKS_CHANGED, subject, null,
                    caller.clientAddress(), "before: " + describe(before) + "; after: "
                            + describe(account.allowedNetworks())));
            return view(account);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change " + subject, null, refused);
        }
    }

    private static String describe(List<ClientNetwork> networks) {
        return networks.isEmpty() ? "any address" : networks.toString();
    }

    /** The account of that name; a name no account can have is an account that does not exist. */
    private SystemAccount account(String name) {
        return identities.accountNamed(name).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                "no-such-account", "No system account named " + name));
    }

    private SystemAccountView view(SystemAccount account) {
        return SystemAccountView.of(account, em.createQuery("SELECT k FROM AccountKey k WHERE k.account = :account "
                + "ORDER BY k.registeredAt", AccountKey.class).setParameter("account", account).getResultList());
    }
}
