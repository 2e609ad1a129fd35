package jp.sekisho.transfer.boundary;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.persistence.MemberPresence;
import jp.sekisho.transfer.control.TransfersInFlight;
import jp.sekisho.transfer.entity.BatchFile;

/**
 * Every upload has an owner and a lease: the member receiving it takes the lease when the upload begins and renews it
 * in every retention sweep (each 5 s) while the upload streams, so that another member starting, or sweeping its
 * storage, leaves the upload alone (StorageReconciliation). A member that dies stops renewing: its uploads are taken
 * up at once, since its presence in the database ended with it (MemberPresence), or by its own next start; a lease
 * that runs out bounds what a member cut off from the database may hold.
 */
@Stateless
public class UploadLeases {

    /** Long against the 5 s between renewals, short against how long a dead member's upload may linger. */
    public static final Duration LEASE = Duration.ofSeconds(60);

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    MemberPresence presence;

    /** The upload of this file begins on this member, which the others can see running while it does. */
    public void take(BatchFile file) {
        presence.announce();
        file.leaseTo(settings.member(), clock.instant().plus(LEASE));
    }

    /** Renews the leases of every upload this member is receiving; returns how many it renewed. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int renew() {
        Set<String> receiving = inFlight.uploads().openNow();
        if (receiving.isEmpty()) {
            return 0;
        }
        return em.createQuery("UPDATE BatchFile f SET f.leaseUntil = :until WHERE f.state = :receiving "
                + "AND f.receiver = :member AND f.storageKey IN :keys")
                .setParameter("until", clock.instant().plus(LEASE)).setParameter("receiving", BatchFile.State.RECEIVING)
                .setParameter("member", settings.member()).setParameter("keys", List.copyOf(receiving))
                .executeUpdate();
    }
}
