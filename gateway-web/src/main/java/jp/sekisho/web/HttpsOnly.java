package jp.sekisho.web;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.config.GatewaySettings;

/**
 * The API answers over HTTPS only: passwords, codes and bearer tokens never travel in clear, not even over loopback,
 * where plain HTTP exists for probes (health, metrics). The refusal is not a redirect, which would teach a script to
 * keep sending its credentials in clear first; it names the address to use instead. Plain HTTP binds to loopback
 * only, so only a process of this machine can be refused here: nothing is audited.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class HttpsOnly implements ContainerRequestFilter {

    @Inject
    GatewaySettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getSecurityContext().isSecure()) {
            String path = request.getUriInfo().getRequestUri().getRawPath();
            request.abortWith(ApiError.of(Response.Status.FORBIDDEN, "https-required",
                    "The API answers over HTTPS only; use " + settings.publicAddress().locationOf(path)
                            + " (plain HTTP serves health and metrics probes only)."));
        }
    }
}
