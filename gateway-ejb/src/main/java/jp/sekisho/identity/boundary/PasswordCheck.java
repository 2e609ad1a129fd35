package jp.sekisho.identity.boundary;

import java.time.Clock;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.control.PasswordHasher;
import jp.sekisho.identity.entity.LoginFailure;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;

/**
 * The first step of every official's login: the password, behind the defender and the name's lock. Every refusal
 * counts (in transactions of its own, so that the refused login's rollback keeps the count) and says nothing about
 * which part was wrong.
 */
@Stateless
public class PasswordCheck {

    /** Same answer for unknown login, wrong password and wrong code: a caller learns nothing about which it was. */
    static final String LOGIN_REFUSED = "Login refused: check login, password and the current code";
    private static final String LOGIN_LOCKED = "Too many failed logins for this name from unfamiliar addresses: "
            + "try again later, or from where you usually log in";
    private static final String UNKNOWN_LOGIN_HASH = PasswordHasher.unmatchable();

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    LoginThrottle throttle;

    @EJB
    Defender defender;

    @Inject
    Clock clock;

    /** The official whose password this is, or a refusal that counts towards the lock and says nothing more. */
    public Official holder(String login, char[] password, String clientAddress) {
        defender.penalisedUntil(clientAddress).ifPresent(until -> {
            throw new Refused(Refused.Kind.THROTTLED, "address-penalised", "Too many failed logins from your "
                    + "address: try again after " + until).recorded();
        });
        if (!Officials.isLogin(login)) {
            // Not a name any official can have: nobody's lock counts it, the address's penalty does.
            refuse(null, clientAddress, "not a login name");
        }
        if (throttle.locked(login, clientAddress, clock.instant())) {
            defender.failedLogin(clientAddress, Defender.HTTP, login, AuditAction.API_LOGIN_REFUSED,
                    "login name locked after repeated failures from addresses this official does not use");
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "login-locked", LOGIN_LOCKED).recorded();
        }
        Optional<Official> found = officialByLogin(login);
        // An unknown login costs the same hash as a known one, so response times do not reveal which logins exist.
        String storedHash = found.map(Official::passwordHash).orElse(UNKNOWN_LOGIN_HASH);
        if (!PasswordHasher.matches(password, storedHash) || found.isEmpty() || !found.get().enabled()) {
            refuse(login, clientAddress, found.isEmpty() ? "unknown login" : "wrong password or disabled");
        }
        return found.get();
    }

    /**
     * Refuses a login attempt: it counts towards the address's penalty and, for an official's name tried from an
     * address the official does not use, towards the name's lock.
     */
    public void refuse(String login, String clientAddress, String why) {
        LoginFailure failure = null;
        if (Officials.isLogin(login)) {
            try {
                failure = throttle.recordFailure(login, clock.instant());
            } catch (EJBException concurrentFirstFailure) {
                // Two first failures of one name at once: one inserted the row, the other counts on it now.
                failure = throttle.recordFailure(login, clock.instant());
            }
        }
        boolean nowLocked = failure != null && failure.lockedAt(clock.instant());
        defender.failedLogin(clientAddress, Defender.HTTP, login, AuditAction.API_LOGIN_REFUSED, why
                + (failure == null ? "" : "; failure " + failure.failures() + " of this name")
                + (nowLocked ? ", name locked until " + failure.lockedUntil() + " except from its usual addresses"
                        : ""));
        if (nowLocked && !throttle.isUsualAddress(login, clientAddress, clock.instant())) {
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "login-locked", LOGIN_LOCKED).recorded();
        }
        throw new Refused(Refused.Kind.UNAUTHENTICATED, "login-refused", LOGIN_REFUSED).recorded();
    }

    private Optional<Official> officialByLogin(String login) {
        return em.createQuery("SELECT o FROM Official o WHERE o.login = :login", Official.class)
                .setParameter("login", login).getResultStream().findFirst();
    }
}
