package jp.sekisho.identity.boundary;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.AccountName;

/**
 * Who logs in over SSH: a registered, unrevoked key of an enabled system account, from one of its allowed client
 * networks. Every login and every refusal is audited; a refusal in a transaction of its own.
 */
@Stateless
public class SshLogins {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    Defender defender;

    /** True when the key is registered, not revoked, and belongs to that enabled account. */
    public boolean acceptsKey(AccountName account, String fingerprint, String clientAddress) {
        Optional<AccountKey> key = em.createQuery("SELECT k FROM AccountKey k WHERE k.fingerprint = :fp",
                AccountKey.class).setParameter("fp", fingerprint).getResultStream().findFirst();
        boolean accepted = key.isPresent() && !key.get().revoked() && key.get().account().enabled()
                && key.get().account().name().equals(account);
        if (!accepted) {
            defender.refused(clientAddress, Defender.SSH, account.value(), AuditAction.SSH_LOGIN_REFUSED,
                    (key.isEmpty() ? "unknown key " : "key not valid for this account ") + fingerprint);
            return false;
        }
        if (!key.get().account().admitsClient(clientAddress)) {
            // The account's own key, used from elsewhere: the key's holder is known, so each is audited in full.
            audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.SSH_LOGIN_REFUSED, fingerprint, null,
                    clientAddress, "client address not in the account's allowed networks "
                            + key.get().account().allowedNetworks()));
            return false;
        }
        return true;
    }

    /**
     * Of these key fingerprints, those that would still log in: registered, not revoked, of an enabled account. Every
     * member asks it about its open sessions, so that a revocation on any member closes them everywhere.
     */
    public Set<String> stillValid(Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery("SELECT k.fingerprint FROM AccountKey k WHERE k.fingerprint IN :fps "
                + "AND k.revokedAt IS NULL AND k.account.enabled = TRUE", String.class)
                .setParameter("fps", List.copyOf(fingerprints)).getResultList());
    }

    public void recordSshLogin(AccountName account, String fingerprint, String clientAddress) {
        audit.append(AuditRecord.success(account.value(), AuditAction.SSH_LOGIN, fingerprint, null, clientAddress,
                null));
    }

    /** A key refused for a name no account can have: reported, no penalty by itself. */
    public void recordSshLoginRefused(String claimedAccount, String clientAddress, String why) {
        defender.refused(clientAddress, Defender.SSH, claimedAccount, AuditAction.SSH_LOGIN_REFUSED, why);
    }

    /**
     * A connection that ended without logging in after trying: a failed login of its address. A client whose agent
     * offers several keys fails some of them on every good login, so it is the connection that counts, not the key.
     */
    public void recordConnectionFailed(String claimedAccount, String clientAddress, int refusedKeys) {
        defender.failedLogin(clientAddress, Defender.SSH, claimedAccount, AuditAction.SSH_LOGIN_REFUSED,
                "connection closed without logging in after " + refusedKeys + " refused key(s)");
    }

}
