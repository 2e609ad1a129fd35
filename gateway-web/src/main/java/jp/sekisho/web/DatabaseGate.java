package jp.sekisho.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.persistence.DatabaseWatch;

/**
 * While the database is known not to answer, every API call is answered 503 at once, before authentication (which
 * reads tokens from the database) and before anything is attempted: a client learns in milliseconds that it should
 * wait, instead of in seconds that something failed. A call that finds the outage first gets the same answer from
 * {@link UnexpectedFailureMapper}.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class DatabaseGate implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!DatabaseWatch.current().reachable()) {
            request.abortWith(ApiError.databaseUnavailable());
        }
    }
}
