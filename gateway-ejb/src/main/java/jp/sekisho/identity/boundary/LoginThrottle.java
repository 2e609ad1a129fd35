package jp.sekisho.identity.boundary;

import java.time.Instant;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.identity.entity.LoginFailure;
import jp.sekisho.identity.entity.UsualAddress;

/**
 * Counts failed logins per official's name in transactions of their own, so that the count survives the refused
 * login's rollback. A locked name is locked only for addresses the official does not use, so a stranger cannot lock
 * an official out of their own desk.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LoginThrottle {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @Inject
    GatewaySettings settings;

    /** Whether the name is locked for a login from this address: never from one of the official's usual addresses. */
    public boolean locked(String login, String clientAddress, Instant now) {
        LoginFailure failure = em.find(LoginFailure.class, login);
        return failure != null && failure.lockedAt(now) && !isUsualAddress(login, clientAddress, now);
    }

    /** @return the failure count of the name after this one, and whether it is now locked */
    public LoginFailure recordFailure(String login, Instant now) {
        LoginFailure failure = em.find(LoginFailure.class, login, LockModeType.PESSIMISTIC_WRITE);
        if (failure == null) {
            failure = new LoginFailure(login, now);
            em.persist(failure);
        }
        failure.count(now, settings.defence().nameLockFailures(), settings.defence().window());
        return failure;
    }

    /** A login succeeded: the name's failures are forgotten, and the address becomes (or stays) a usual one. */
    public void recordSuccess(String login, String clientAddress, Instant now) {
        LoginFailure failure = em.find(LoginFailure.class, login);
        if (failure != null) {
            em.remove(failure);
        }
        String address = Defender.hostOf(clientAddress);
        UsualAddress usual = em.find(UsualAddress.class, new UsualAddress.Key(login, address));
        if (usual == null) {
            em.persist(new UsualAddress(login, address, now));
        } else {
            usual.usedAt(now);
        }
    }

    public boolean isUsualAddress(String login, String clientAddress, Instant now) {
        UsualAddress usual = em.find(UsualAddress.class, new UsualAddress.Key(login, Defender.hostOf(clientAddress)));
        return usual != null && usual.lastSuccessAt().isAfter(now.minus(settings.defence().usualAddressMemory()));
    }

    /** An administrator lifts a name's lock. */
    public boolean unlock(String login) {
        LoginFailure failure = em.find(LoginFailure.class, login);
        if (failure == null) {
            return false;
        }
        em.remove(failure);
        return true;
    }
}
