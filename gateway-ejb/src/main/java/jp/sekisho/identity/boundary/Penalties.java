package jp.sekisho.identity.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.LoginFailure;
import jp.sekisho.identity.entity.SourceAddress;
import jp.sekisho.shared.Refused;

/**
 * What the defender holds against whom, for administrators and auditors to see, and for an administrator to lift:
 * a penalised address (a city office behind one NAT that mistyped too often, say) or a locked login name.
 */
@Stateless
public class Penalties {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    LoginThrottle throttle;

    @EJB
    AuditTrail audit;

    @Inject
    Clock clock;

    /** A penalty or lock in force: an address or a login name, until when, and why. */
    public record Penalty(String kind, String subject, Instant until, String detail) {
    }

    public List<Penalty> inForce(Caller caller) {
        identities.adminOrAuditor(caller, "see penalties");
        Instant now = clock.instant();
        List<Penalty> addresses = em.createQuery("SELECT s FROM SourceAddress s WHERE s.penalisedUntil > :now "
                + "ORDER BY s.address", SourceAddress.class).setParameter("now", now).getResultStream()
                .map(source -> new Penalty("address", source.address(), source.penalisedUntil(), "penalty "
                        + source.penalties())).toList();
        List<Penalty> names = em.createQuery("SELECT f FROM LoginFailure f WHERE f.lockedUntil > :now",
                LoginFailure.class).setParameter("now", now).getResultStream()
                .map(failure -> new Penalty("login", failure.login(), failure.lockedUntil(), failure.failures()
                        + " failed logins")).toList();
        return java.util.stream.Stream.concat(addresses.stream(), names.stream()).toList();
    }

    /** Lifts the penalty of an address, or the lock of a login name; audited with who lifted it. */
    public void lift(Caller caller, String subject) {
        identities.admin(caller, "lift a penalty");
        SourceAddress source = em.find(SourceAddress.class, subject);
        boolean lifted = false;
        if (source != null && source.penalisedAt(clock.instant())) {
            source.lift();
            lifted = true;
        }
        lifted |= throttle.unlock(subject);
        if (!lifted) {
            throw audit.appendRefusal(caller, "lift a penalty", null, new Refused(Refused.Kind.NOT_FOUND,
                    "no-such-penalty", "No penalty or lock is in force for " + subject));
        }
        audit.append(AuditRecord.success(caller.login(), AuditAction.PENALTY_LIFTED, subject, null,
                caller.clientAddress(), "lifted by an administrator"));
    }
}
