package jp.sekisho.web.console;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.config.ConsoleSessionLimits;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.persistence.DatabaseWatch;

/**
 * The console is HTTPS only: a GET over plain HTTP is redirected to the public address, anything else refused.
 * Every page but the login needs a signed-in official. {@code ?lang=ja|en} switches the language for the session.
 * Mapped in web.xml after {@code ResponsePolicy}, which gives every console response its security headers.
 */
public class ConsoleFilter extends HttpFilter {

    @Inject
    GatewaySettings settings;

    @EJB
    AuditTrail audit;

    @EJB
    Defender defender;

    @EJB
    Identities identities;

    private static final long serialVersionUID = 1L;
    static final String LOCALE_ATTRIBUTE = "sekisho.console.locale";
    private final ConsoleSessionLimits limits = ConsoleSessionLimits.current();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!request.isSecure()) {
            // Passwords, codes and personal-data metadata never travel in clear: plain HTTP is redirected or refused.
            if ("GET".equals(request.getMethod())) {
                response.sendRedirect(settings.publicAddress().locationOf(request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString())));
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "The console is served over HTTPS only");
            }
            return;
        }
        if (answered(request, response, null, ConsoleRefusals.tooLarge(request))) {
            return;
        }
        if (!DatabaseWatch.current().reachable()) {
            unavailable(request, response);
            return;
        }
        String language = request.getParameter("lang");
        boolean languageChosen = "ja".equals(language) || "en".equals(language);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/console") || path.equals("/console/")) {
            response.sendRedirect(request.getContextPath() + "/console/index.xhtml");
            return;
        }
        String file = path.substring("/console/".length());
        ConsolePage page = ConsolePage.of(file).orElse(null);
        SignedIn signedIn = SignedIn.of(request).orElse(null);
        if ((page == null || !page.open()) && signedIn == null) {
            // Nothing is kept for a visitor sent to sign in: the sign-in page begins the session. A browser whose
            // session this member does not know (it timed out, or the member that held it stopped and the balancer
            // sent the browser here) is told so, rather than finding the login page without a word.
            boolean ended = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
            String query = (ended ? "ended=true" : "") + (languageChosen ? (ended ? "&" : "") + "lang=" + language
                    : "");
            response.sendRedirect(request.getContextPath() + "/console/login.xhtml"
                    + (query.isEmpty() ? "" : "?" + query));
            return;
        }
        if (answered(request, response, signedIn, ConsoleRefusals.beforeThePage(request, file, signedIn))) {
            return;
        }
        // The session (and its cookie) exists before the page renders and commits the response. A visitor's is
        // counted and short-lived (AnonymousSession); the error page keeps nothing.
        if (request.getSession(false) == null && page.keepsState() && AnonymousSession.begin(request, limits,
                defender.trusts(request.getRemoteAddr())).isEmpty()) {
            response.setHeader("Retry-After", Long.toString(limits.lifetime().toSeconds()));
            answered(request, response, null, Optional.of(ConsoleRefusals.tooManyVisitors(limits)));
            return;
        }
        if (languageChosen && request.getSession(false) != null) {
            request.getSession(false).setAttribute(LOCALE_ATTRIBUTE, Locale.forLanguageTag(language));
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (response.isCommitted()) {
                throw failure;
            }
            Optional<ConsoleRefusals.Answer> mistake = ConsoleRefusals.mistakeIn(failure);
            if (mistake.isEmpty() && DatabaseWatch.current().explains(failure)) {
                unavailable(request, response);
            } else if (!answered(request, response, signedIn, mistake)) {
                throw failure;
            }
        }
    }

    private static void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleRefusals.render(request, response, ConsoleRefusals.databaseUnavailable());
        response.setHeader("Retry-After", Long.toString(DatabaseWatch.RETRY_AFTER.toSeconds()));
    }

    /**
     * Answers a refusal, if there is one, and audits it like the API's: an official's as an event of its own, a
     * stranger's through the defender.
     */
    private boolean answered(HttpServletRequest request, HttpServletResponse response, SignedIn signedIn,
            Optional<ConsoleRefusals.Answer> answer) throws IOException {
        if (answer.isEmpty()) {
            return false;
        }
        if (!answer.get().recorded()) {
            String operation = request.getMethod() + " " + request.getRequestURI();
            Optional<Caller> caller = signedIn == null ? Optional.empty()
                    : identities.callerForToken(signedIn.token(), request.getRemoteAddr());
            if (caller.isPresent()) {
                String batch = request.getParameter("id");
                audit.appendRefusal(caller.get(), operation, batch != null && batch.length() == 36 ? batch : null,
                        answer.get().asRefusal());
            } else {
                defender.refused(request.getRemoteAddr(), Defender.HTTP, null, AuditAction.REQUEST_REFUSED,
                        operation + " refused: " + answer.get().reason());
            }
        }
        ConsoleRefusals.render(request, response, answer.get());
        return true;
    }
}
