package jp.sekisho.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import jp.sekisho.config.GatewaySettings;

/**
 * Whether a member of the cluster is running, as the shared database knows it: each member holds a PostgreSQL
 * advisory lock named after it on a connection of its own for as long as it runs. A member that dies, even by
 * SIGKILL, loses that connection and with it the lock at once, so that the others can take up its uploads without
 * waiting for their leases to run out. A lease still bounds what a member cut off from the database (but not dead) may
 * hold. The embedded H2 serves one gateway: there, presence is not asked and leases alone decide.
 */
@ApplicationScoped
public class MemberPresence {

    private static final Logger LOG = Logger.getLogger(MemberPresence.class.getName());
    /** The advisory locks' first key for presence ("SEKI"); the second is the hash of the member's name. */
    static final int NAMESPACE = 0x53454B49;

    @Inject
    GatewaySettings settings;

    private Connection held;
    private boolean toldOfNamesake;

    /**
     * Takes this member's lock unless it holds it already (again after its connection was lost). Another process
     * holding it is another running gateway with the same name: it is told in the log, once, since each would take
     * up the other's uploads after a restart as its own; its presence then still shows this name running.
     */
    public synchronized void announce() {
        if (!shared()) {
            return;
        }
        try {
            if (held != null && held.isValid(2)) {
                return;
            }
            closeHeld();
            Connection connection = GatewayDataSource.connectOutsideThePool(settings);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, NAMESPACE);
                lock.setString(2, settings.member());
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        connection.close();
                        if (!toldOfNamesake) {
                            toldOfNamesake = true;
                            LOG.warning(() -> "Another running gateway is already member '" + settings.member()
                                    + "' of this database: give each member a name of its own (SEKISHO_MEMBER)");
                        }
                        return;
                    }
                }
            }
            held = connection;
            LOG.fine(() -> "Member " + settings.member() + " announced its presence");
        } catch (SQLException e) {
            throw new IllegalStateException("This member's presence could not be recorded in the database: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code member} is running now. Asked in the caller's transaction; without a shared database every
     * member is taken to be running, and its lease alone decides.
     */
    public boolean present(EntityManager em, String member) {
        if (!shared()) {
            return true;
        }
        Number holders = (Number) em.createNativeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND granted AND objsubid = 2 AND classid = CAST(?1 AS oid) AND objid = CAST(hashtext(?2) AS oid)")
                .setParameter(1, NAMESPACE).setParameter(2, member).getSingleResult();
        return holders.longValue() > 0;
    }

    /** Lets go of the lock, as this member's end does. */
    @PreDestroy
    public synchronized void withdraw() {
        closeHeld();
    }

    private void closeHeld() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException alreadyGone) {
                // Its session, and with it the lock, ended with the connection.
            }
            held = null;
        }
    }

    private boolean shared() {
        return settings.effectiveDatabaseUrl().startsWith("jdbc:postgresql:");
    }
}
