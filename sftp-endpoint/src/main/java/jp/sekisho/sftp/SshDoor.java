package jp.sekisho.sftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;

import jp.sekisho.config.Balancers;
import jp.sekisho.config.DefenceSettings;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.persistence.DatabaseWatch;

/**
 * The SSH side of the defender: a penalised address is disconnected as soon as it connects, before it may try; at most
 * {@link DefenceSettings#sshMaxUnauthenticated()} connections may wait unauthenticated at once (OpenSSH's
 * MaxStartups); and a connection that ends without logging in after trying keys counts as one failed login.
 */
final class SshDoor implements SessionListener {

    private static final Logger LOG = Logger.getLogger(SshDoor.class.getName());
    static final AttributeRepository.AttributeKey<AtomicInteger> REFUSED_KEYS = new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<Boolean> WAITING = new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<Boolean> TOLD_UNAVAILABLE =
            new AttributeRepository.AttributeKey<>();

    private final Defender defender;
    private final SshLogins logins;
    private final int maxUnauthenticated;
    private final Balancers balancers;
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicLong lastCapWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));

    SshDoor(Defender defender, SshLogins logins, DefenceSettings settings) {
        this.defender = defender;
        this.logins = logins;
        this.maxUnauthenticated = settings.sshMaxUnauthenticated();
        this.balancers = settings.balancers();
    }

    /** The address the TCP connection comes from: the client's, or a load balancer's. */
    static String peerAddress(Session session) {
        return session.getRemoteAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() : String.valueOf(session.getRemoteAddress());
    }

    /** Closes the connection of a penalised address as soon as it exists, before it can try to log in. */
    @Override
    public void sessionCreated(Session session) {
        session.setAttribute(REFUSED_KEYS, new AtomicInteger());
        session.setAttribute(WAITING, Boolean.TRUE);
        String address = peerAddress(session);
        if (unauthenticated.incrementAndGet() > maxUnauthenticated) {
            long now = System.nanoTime();
            long last = lastCapWarning.get();
            // Under a flood, one line a minute says so; the log must not grow with the flood.
            if (now - last > TimeUnit.MINUTES.toNanos(1) && lastCapWarning.compareAndSet(last, now)) {
                LOG.warning(() -> "Refusing SSH connections (this one from " + address + "): already "
                        + maxUnauthenticated + " connections wait to log in (sekisho.sftp.max-unauthenticated)");
            }
            session.close(true);
        } else if (!balancers.forwards(address)) {
            refuseIfPenalised(session, address);
        }
        // A balancer's connection is judged once its PROXY header has named the client (ProxyHeader).
        // While the database does not answer, the connection goes on to its first login request, where the client
        // is told why in words it shows (a disconnect before the key exchange would reach it as a bare close).
    }

    /** Closes the connection of a penalised client as soon as its address is known. */
    void refuseIfPenalised(Session session, String address) {
        if (DatabaseWatch.current().reachable() && !admits(address)) {
            LOG.fine(() -> "Refused an SSH connection from " + address + ": penalised after repeated failed logins");
            session.close(true);
        }
    }

    private boolean admits(String address) {
        try {
            return defender.admits(address);
        } catch (RuntimeException e) {
            if (DatabaseWatch.current().explains(e)) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Disconnects with SSH's "service unavailable" (reason 7) and the gateway's sentence, which OpenSSH prints as
     * "Received disconnect from …: 7: Service unavailable: …". Nothing is audited: the database is what is missing.
     */
    static boolean toldUnavailable(ServerSession session) {
        session.setAttribute(TOLD_UNAVAILABLE, Boolean.TRUE);
        DatabaseWatch.current().refused();
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_SERVICE_NOT_AVAILABLE, DatabaseWatch.SENTENCE);
        } catch (IOException e) {
            session.close(true);
        }
        return false;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated && session.removeAttribute(WAITING) != null) {
            unauthenticated.decrementAndGet();
        }
    }

    @Override
    public void sessionClosed(Session session) {
        if (session.removeAttribute(WAITING) == null) {
            return;
        }
        unauthenticated.decrementAndGet();
        AtomicInteger refused = session.getAttribute(REFUSED_KEYS);
        // A name is known once the client asked to log in by any method, passwords included (none is offered).
        // A client sent away because the database does not answer has failed nothing.
        if (session instanceof ServerSession server && session.getAttribute(TOLD_UNAVAILABLE) == null
                && (server.getUsername() != null || refused != null && refused.get() > 0)) {
            try {
                logins.recordConnectionFailed(server.getUsername(), AccountKeyAuthenticator.clientAddress(server),
                        refused == null ? 0 : refused.get());
            } catch (RuntimeException e) {
                if (!DatabaseWatch.current().explains(e)) {
                    throw e;
                }
            }
        }
    }

    /** How many connections wait unauthenticated now. */
    int waiting() {
        return unauthenticated.get();
    }
}
