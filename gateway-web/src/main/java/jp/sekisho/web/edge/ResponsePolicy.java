package jp.sekisho.web.edge;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.PublicAddress;

/**
 * What every response of the gateway is held to, API, console, error pages and 404s alike (mapped first in web.xml,
 * for every dispatch, so that an error page and a filter's early answer get it too):
 * <ul>
 * <li>one set of security headers: no sniffing, no caching (responses name personal-data metadata; Faces would let
 * browsers keep its stylesheet for a week, but one rule without exceptions is the one a test can hold), no framing,
 * no referrer, a content security policy without any script, and HSTS over HTTPS;</li>
 * <li>redirects to absolute URLs on the configured public address, never on the request's {@code Host} header;</li>
 * <li>no cookie without SameSite: every cookie is Strict unless it says otherwise (the container's session cookie
 * gets it from glassfish-web.xml, since the container adds that one past any filter).</li>
 * </ul>
 * The container's own trailing-slash redirects of the WAR's folders ({@code /resources} to {@code /resources/}) are
 * answered before any filter runs: glassfish-web.xml makes their Location a path without a host.
 */
public class ResponsePolicy extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";
    private static final String CACHE_CONTROL = "Cache-Control";

    @Inject
    GatewaySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        applyHeaders(request, response);
        chain.doFilter(request, new PolicedResponse(request, response, settings.publicAddress()));
    }

    /**
     * The security headers, for this filter and for an answer written after a library reset the whole response
     * (Faces does when a view expired): that answer sets them on the container's response, past the policed one.
     */
    public static void applyHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(CACHE_CONTROL, "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (request.isSecure()) {
            // Browsers ignore it over plain HTTP, where an attacker could strip it anyway.
            response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }

    /** Redirects and cookies as the policy wants them, whoever sets them: the gateway's code or a library's. */
    static final class PolicedResponse extends HttpServletResponseWrapper {

        private final HttpServletRequest request;
        private final PublicAddress publicAddress;

        PolicedResponse(HttpServletRequest request, HttpServletResponse response, PublicAddress publicAddress) {
            super(response);
            this.request = request;
            this.publicAddress = publicAddress;
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            super.sendRedirect(absolute(location, request.getRequestURI(), publicAddress));
        }

        @Override
        public void addCookie(Cookie cookie) {
            if (cookie.getAttribute("SameSite") == null) {
                cookie.setAttribute("SameSite", "Strict");
            }
            super.addCookie(cookie);
        }

        @Override
        public void addHeader(String name, String value) {
            if (!CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.addHeader(name, sameSite(name, value));
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.setHeader(name, sameSite(name, value));
            }
        }
    }

    /**
     * A location on this gateway ({@code /console/login.xhtml}, {@code login.xhtml}) as an absolute URL on the public
     * address; a location that names its own scheme is left as the code that wrote it chose.
     */
    static String absolute(String location, String requestUri, PublicAddress publicAddress) {
        URI uri = URI.create(location);
        if (uri.isAbsolute() || location.startsWith("//")) {
            return location;
        }
        if (location.startsWith("/")) {
            return publicAddress.locationOf(location);
        }
        return URI.create(publicAddress.locationOf(requestUri)).resolve(uri).toString();
    }

    static String sameSite(String header, String value) {
        if (!"Set-Cookie".equalsIgnoreCase(header) || value == null
                || value.toLowerCase(Locale.ROOT).contains("samesite=")) {
            return value;
        }
        return value + "; SameSite=Strict";
    }
}
