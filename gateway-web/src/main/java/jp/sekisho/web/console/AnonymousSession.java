package jp.sekisho.web.console;

import java.io.Serializable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

import jp.sekisho.config.ConsoleSessionLimits;

/**
 * A console session of a visitor who has not signed in, counted per client address and in all, so that nobody can
 * fill the gateway's memory by opening the sign-in form again and again. It counts while it is bound to its session:
 * signing in, logging out or the session's end (a short lifetime until sign-in) each take it off the count.
 */
final class AnonymousSession implements HttpSessionBindingListener, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = "sekisho.console.anonymous";
    private static final ConcurrentHashMap<String, AtomicInteger> PER_ADDRESS = new ConcurrentHashMap<>();
    private static final AtomicInteger TOTAL = new AtomicInteger();

    private final String address;

    private AnonymousSession(String address) {
        this.address = address;
    }

    /**
     * A new session for the visitor at {@code address}, unless that address (or everyone together) already holds as
     * many as the limits allow; a trusted address is not limited. Empty when refused.
     */
    static Optional<HttpSession> begin(HttpServletRequest request, ConsoleSessionLimits limits, boolean trusted) {
        String address = request.getRemoteAddr();
        if (!trusted && (held(address) >= limits.perAddress() || TOTAL.get() >= limits.total())) {
            return Optional.empty();
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) limits.lifetime().toSeconds());
        if (!trusted) {
            session.setAttribute(ATTRIBUTE, new AnonymousSession(address));
        }
        return Optional.of(session);
    }

    /** The session now belongs to a signed-in official: it no longer counts, and lives the console's full timeout. */
    static void signedIn(HttpSession session) {
        session.removeAttribute(ATTRIBUTE);
        session.setMaxInactiveInterval(session.getServletContext().getSessionTimeout() * 60);
    }

    static int held(String address) {
        AtomicInteger count = PER_ADDRESS.get(address);
        return count == null ? 0 : count.get();
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        PER_ADDRESS.computeIfAbsent(address, any -> new AtomicInteger()).incrementAndGet();
        TOTAL.incrementAndGet();
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        PER_ADDRESS.computeIfPresent(address, (any, count) -> count.decrementAndGet() <= 0 ? null : count);
        TOTAL.decrementAndGet();
    }
}
