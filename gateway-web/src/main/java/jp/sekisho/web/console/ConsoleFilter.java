package jp.sekisho.web.console;

import java.io.IOException;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jp.sekisho.config.GatewaySettings;

/**
 * The console is HTTPS only: a GET over plain HTTP is redirected to the public address, anything else refused.
 * Every page but the login needs a signed-in official. {@code ?lang=ja|en} switches the language for the session.
 * Mapped in web.xml after {@code ResponsePolicy}, which gives every console response its security headers.
 */
public class ConsoleFilter extends HttpFilter {

    @Inject
    GatewaySettings settings;

    private static final long serialVersionUID = 1L;
    static final String LOCALE_ATTRIBUTE = "sekisho.console.locale";

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
        if (ConsoleRefusals.refusedAsTooLarge(request, response)) {
            return;
        }
        String language = request.getParameter("lang");
        if ("ja".equals(language) || "en".equals(language)) {
            request.getSession(true).setAttribute(LOCALE_ATTRIBUTE, Locale.forLanguageTag(language));
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/console") || path.equals("/console/")) {
            response.sendRedirect(request.getContextPath() + "/console/index.xhtml");
            return;
        }
        // The session (and its cookie) exists before the page renders and commits the response.
        request.getSession(true);
        String file = path.substring("/console/".length());
        boolean open = ConsolePage.of(file).map(ConsolePage::open).orElse(false);
        SignedIn signedIn = SignedIn.of(request).orElse(null);
        if (!open && signedIn == null) {
            response.sendRedirect(request.getContextPath() + "/console/login.xhtml");
            return;
        }
        if (ConsoleRefusals.refusedBeforeThePage(request, response, file, signedIn)) {
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (!ConsoleRefusals.answeredMistake(request, response, failure)) {
                throw failure;
            }
        }
    }
}
