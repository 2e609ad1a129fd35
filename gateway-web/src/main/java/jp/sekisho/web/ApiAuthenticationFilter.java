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

import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Defender;
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

    /** Tokens the gateway hands out are 43 characters; anything much longer is not one. */
    private static final int MAX_TOKEN_LENGTH = 256;

    @EJB
    Identities identities;

    @EJB
    Defender defender;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean open = path.equals("gateway") || path.equals("gateway/certificate")
                || path.equals("sessions") && "POST".equals(request.getMethod());
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        if (open) {
            // No credential needed; one that is sent and valid names who is refused, should the request be.
            if (token != null && token.length() <= MAX_TOKEN_LENGTH) {
                identities.callerForToken(token, servletRequest.getRemoteAddr()).ifPresent(this::remember);
            }
            return;
        }
        String address = servletRequest.getRemoteAddr();
        Optional<java.time.Instant> penalised = defender.penalisedUntil(address);
        if (penalised.isPresent()) {
            // Counted when the penalty was given; each request refused meanwhile is not audited again.
            request.abortWith(Response.fromResponse(ApiError.of(Response.Status.TOO_MANY_REQUESTS,
                    "address-penalised", "Too many failed attempts from your address: try again after "
                            + penalised.get())).header(HttpHeaders.RETRY_AFTER, 60).build());
            return;
        }
        Optional<Caller> caller = token == null || token.length() > MAX_TOKEN_LENGTH ? Optional.empty()
                : identities.callerForToken(token, address);
        if (caller.isEmpty()) {
            String operation = request.getMethod() + " " + servletRequest.getRequestURI();
            if (token == null) {
                defender.refused(address, Defender.HTTP, null, AuditAction.REQUEST_REFUSED,
                        operation + " without a bearer token");
            } else {
                // A token nobody was given is a guess, and counts like a failed login.
                defender.failedLogin(address, Defender.HTTP, null, AuditAction.REQUEST_REFUSED,
                        operation + " with an unknown or expired bearer token");
            }
            request.abortWith(Response.fromResponse(ApiError.of(Response.Status.UNAUTHORIZED, "not-authenticated",
                    "Log in with POST /api/sessions and send Authorization: Bearer <token>"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sekisho\"").build());
            return;
        }
        request.setProperty(CALLER, caller.get());
        remember(caller.get());
    }

    /** The caller, where the exception mappers find it to audit a refusal. */
    private void remember(Caller caller) {
        servletRequest.setAttribute(CALLER, caller);
    }

    static Caller callerOf(ContainerRequestContext request) {
        return (Caller) request.getProperty(CALLER);
    }
}
