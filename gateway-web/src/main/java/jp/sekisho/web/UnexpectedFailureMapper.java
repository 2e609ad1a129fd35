package jp.sekisho.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

/**
 * Anything else: the client gets a generic message with an incident id, the log gets the detail. Internal messages
 * never reach the client.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof Refused refused) {
            return new RefusedMapper().toResponse(refused);
        }
        if (cause instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return ApiError.of(Response.Status.fromStatusCode(status.getStatusCode()) == null
                    ? Response.Status.BAD_REQUEST : Response.Status.fromStatusCode(status.getStatusCode()),
                    "request-not-accepted", status.getReasonPhrase());
        }
        if (cause instanceof InvalidValue invalid) {
            return ApiError.of(Response.Status.BAD_REQUEST, "invalid-input", invalid.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            // Some library refused the input in its own words, which may name internals: they go to the log only.
            LOG.log(Level.FINE, "Input refused by a library", cause);
            return ApiError.of(Response.Status.BAD_REQUEST, "invalid-input", "The request is not valid");
        }
        if (cause instanceof OptimisticLockException || cause instanceof PessimisticLockException) {
            return ApiError.of(Response.Status.CONFLICT, "concurrent-change",
                    "The batch changed at the same moment; reload and try again");
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, failure);
        return ApiError.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "The gateway could not complete the request (incident " + incident + ")");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof EJBException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
