package jp.sekisho.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

/**
 * Every exception of the API: a refusal (a rule's, or the container's 404, 405, 415) becomes its 4xx in the one error
 * shape and is audited ({@link ApiRefusals}); anything else is the gateway's failure: the client gets a generic
 * message with an incident id, the log gets the detail. Internal messages never reach the client.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @EJB
    AuditTrail audit;

    @EJB
    Defender defender;

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        Throwable cause = unwrap(failure);
        Refused refused = asRefusal(cause);
        if (refused != null) {
            return cause instanceof WebApplicationException web
                    ? ApiRefusals.answer(refused, web.getResponse().getStatusInfo(), request, audit, defender)
                    : ApiRefusals.answer(refused, request, audit, defender);
        }
        if (DatabaseWatch.current().explains(failure)) {
            return ApiError.databaseUnavailable();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, failure);
        return ApiError.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "The gateway could not complete the request (incident " + incident + ")");
    }

    /** What the caller did wrong, as a refusal; {@code null} when the gateway failed. */
    private static Refused asRefusal(Throwable cause) {
        if (cause instanceof Refused refused) {
            return refused;
        }
        if (cause instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            if (status.getStatusCode() < 500) {
                return new Refused(switch (status.getStatusCode()) {
                    case 404 -> Refused.Kind.NOT_FOUND;
                    case 401 -> Refused.Kind.UNAUTHENTICATED;
                    case 403 -> Refused.Kind.FORBIDDEN;
                    case 413 -> Refused.Kind.TOO_LARGE;
                    default -> Refused.Kind.INVALID;
                }, "request-not-accepted", status.getStatusCode() == 405 ? "This operation does not take that method"
                        : status.getStatusCode() == 415 ? "This operation does not take that content type"
                        : status.getReasonPhrase());
            }
        }
        if (cause instanceof InvalidValue invalid) {
            return new Refused(Refused.Kind.INVALID, "invalid-input", invalid.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            // Some library refused the input in its own words, which may name internals: they go to the log only.
            LOG.log(Level.FINE, "Input refused by a library", cause);
            return new Refused(Refused.Kind.INVALID, "invalid-input", "The request is not valid");
        }
        if (cause instanceof OptimisticLockException || cause instanceof PessimisticLockException) {
            return new Refused(Refused.Kind.CONFLICT, "concurrent-change",
                    "The batch changed at the same moment; reload and try again");
        }
        return null;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof EJBException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
