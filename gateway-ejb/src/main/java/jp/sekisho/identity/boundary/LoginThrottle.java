package jp.sekisho.identity.boundary;

import java.time.Instant;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.identity.entity.LoginFailure;

/**
 * Counts failed logins per login name in transactions of their own, so that the count survives the refused
 * login's rollback.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LoginThrottle {

    private static final int MAX_LOGIN_LENGTH = 64;

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    public boolean locked(String login, Instant now) {
        LoginFailure failure = em.find(LoginFailure.class, key(login));
        return failure != null && failure.lockedAt(now);
    }

    /** @return the failure count of the name after this one, and whether it is now locked */
    public LoginFailure recordFailure(String login, Instant now) {
        String key = key(login);
        LoginFailure failure = em.find(LoginFailure.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (failure == null) {
            failure = new LoginFailure(key, now);
            em.persist(failure);
        }
        failure.count(now);
        return failure;
    }

    public void recordSuccess(String login) {
        LoginFailure failure = em.find(LoginFailure.class, key(login));
        if (failure != null) {
            em.remove(failure);
        }
    }

    private static String key(String login) {
        String key = login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT);
        return key.length() > MAX_LOGIN_LENGTH ? key.substring(0, MAX_LOGIN_LENGTH) : key;
    }
}
