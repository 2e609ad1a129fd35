package jp.sekisho.web.edge;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.MetricsToken;

/**
 * {@code /metrics} (MicroProfile Metrics, which Payara registers in the application at the empty context root, so
 * behind this filter) is read only by a scraper presenting the operator's token ({@code SEKISHO_METRICS_TOKEN}) as
 * {@code Authorization: Bearer <token>}. Without a token configured, metrics do not exist for anyone (404): they
 * name the runtime, its memory and threads and the container's own connection pool, which is nobody's business
 * unless the operator decided to collect it. A static token rather than an official's login: a scraper cannot type
 * an authenticator code every 30 minutes, and reading metrics is not an official's act.
 */
public class MetricsAccess extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String BEARER = "Bearer ";

    @Inject
    GatewaySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<MetricsToken> token = settings.metricsToken();
        if (token.isEmpty()) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "Metrics are off: no SEKISHO_METRICS_TOKEN is set");
            return;
        }
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!token.get().matches(presented)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sekisho-metrics\"");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED,
                    "Metrics need Authorization: Bearer <the operator's metrics token>");
            return;
        }
        chain.doFilter(request, response);
    }

    /** A short answer of its own, not the console's error page (which would open a session for a scraper). */
    private static void refuse(HttpServletResponse response, int status, String sentence) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(sentence);
    }
}
