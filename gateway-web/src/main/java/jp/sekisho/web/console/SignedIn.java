package jp.sekisho.web.console;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import jp.sekisho.identity.entity.Role;

/**
 * Who is signed in to the console in this browser session. The bearer token of the core's session is the only
 * credential kept; each request resolves it again, so an expired or logged-out token ends the console session too.
 */
public record SignedIn(String token, String login, Set<Role> roles) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = "sekisho.console.signedIn";

    public static Optional<SignedIn> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((SignedIn) session.getAttribute(ATTRIBUTE));
    }

    /** A new session id at login, so that an id planted before the login is worth nothing after it. */
    public static void signIn(HttpServletRequest request, SignedIn signedIn) {
        request.getSession(true);
        request.changeSessionId();
        AnonymousSession.signedIn(request.getSession());
        request.getSession().setAttribute(ATTRIBUTE, signedIn);
    }

    public static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "SignedIn[" + login + ", " + roles + "]";
    }
}
