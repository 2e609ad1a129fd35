package jp.sekisho.web;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;

/**
 * Every API call but logging in and the gateway's public facts needs {@code Authorization: Bearer <token>} from
 * {@code POST /api/sessions}. The resolved caller travels with the request.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthenticationFilter implements ContainerRequestFilter {

    static final String CALLER = "sekisho.caller";

    @EJB
    Identities identities;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean open = path.equals("gateway") || path.equals("gateway/certificate") || path.equals("sessions") && "POST".equals(request.getMethod());
        if (open) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        Optional<Caller> caller = identities.callerForToken(token, servletRequest.getRemoteAddr());
        if (caller.isEmpty()) {
            request.abortWith(Response.fromResponse(ApiError.of(Response.Status.UNAUTHORIZED, "not-authenticated",
                    "Log in with POST /api/sessions and send Authorization: Bearer <token>"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sekisho\"").build());
            return;
        }
        request.setProperty(CALLER, caller.get());
    }

    static Caller callerOf(ContainerRequestContext request) {
        return (Caller) request.getProperty(CALLER);
    }
}
