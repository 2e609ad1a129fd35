package jp.sekisho.identity.boundary;

import java.util.Optional;

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

    /** True when the key is registered, not revoked, and belongs to that enabled account. */
    public boolean acceptsKey(AccountName account, String fingerprint, String clientAddress) {
        Optional<AccountKey> key = em.createQuery("SELECT k FROM AccountKey k WHERE k.fingerprint = :fp",
                AccountKey.class).setParameter("fp", fingerprint).getResultStream().findFirst();
        boolean accepted = key.isPresent() && !key.get().revoked() && key.get().account().enabled()
                && key.get().account().name().equals(account);
        if (!accepted) {
            audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.SSH_LOGIN_REFUSED, fingerprint, null,
                    clientAddress, key.isEmpty() ? "unknown key" : "key not valid for this account"));
            return false;
        }
        if (!key.get().account().admitsClient(clientAddress)) {
            audit.appendDenial(AuditRecord.denied(account.value(), AuditAction.SSH_LOGIN_REFUSED, fingerprint, null,
                    clientAddress, "client address not in the account's allowed networks "
                            + key.get().account().allowedNetworks()));
            return false;
        }
        return true;
    }

    public void recordSshLogin(AccountName account, String fingerprint, String clientAddress) {
        audit.append(AuditRecord.success(account.value(), AuditAction.SSH_LOGIN, fingerprint, null, clientAddress,
                null));
    }

    public void recordSshLoginRefused(String claimedAccount, String clientAddress, String why) {
        audit.appendDenial(AuditRecord.denied(claimedAccount, AuditAction.SSH_LOGIN_REFUSED, null, null,
                clientAddress, why));
    }

}
