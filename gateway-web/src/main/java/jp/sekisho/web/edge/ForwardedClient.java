package jp.sekisho.web.edge;

import java.io.IOException;
import java.util.Collections;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import jp.sekisho.config.Balancers;
import jp.sekisho.config.GatewaySettings;

/**
 * Behind a load balancer ({@code SEKISHO_BALANCERS}) every request arrives from the balancer's address; the client is
 * the one the balancer appended to {@code X-Forwarded-For}. From then on {@code getRemoteAddr()} is that client for
 * everything downstream (the defender, login throttling, the audit trail), so that one stranger's failures penalise
 * that stranger and not everyone behind the balancer. From any other peer the header is ignored.
 */
public class ForwardedClient extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    GatewaySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Balancers balancers = settings.defence().balancers();
        String peer = request.getRemoteAddr();
        if (!balancers.forwards(peer)) {
            chain.doFilter(request, response);
            return;
        }
        String client = balancers.clientOf(peer, Collections.list(request.getHeaders("X-Forwarded-For")));
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return client;
            }

            @Override
            public String getRemoteHost() {
                return client;
            }
        }, response);
    }
}
