package jp.sekisho.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.shared.Refused;

/**
 * Every refused API request is answered in the one error shape and reaches the audit trail exactly once: an
 * official's refusal as an event of its own (unless the core already wrote it), a stranger's through the defender,
 * which counts it and reports it with the other attempts of the same address.
 */
final class ApiRefusals {

    private static final java.util.regex.Pattern BATCH_PATH = java.util.regex.Pattern.compile(
            "/api/batches/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(/|$)");

    private ApiRefusals() {
    }

    static Response answer(Refused refused, HttpServletRequest request, AuditTrail audit, Defender defender) {
        return answer(refused, statusOf(refused), request, audit, defender);
    }

    /** The same with the status the container chose (405 for a method the path does not take, say). */
    static Response answer(Refused refused, Response.StatusType status, HttpServletRequest request,
            AuditTrail audit, Defender defender) {
        if (!refused.isRecorded()) {
            try {
                record(refused, request, audit, defender);
            } catch (RuntimeException e) {
                // A refusal that cannot be recorded is not answered as if it had been.
                if (DatabaseWatch.current().explains(e)) {
                    return ApiError.databaseUnavailable();
                }
                throw e;
            }
        }
        return ApiError.of(status, refused.reason(), refused.getMessage());
    }

    private static Response.Status statusOf(Refused refused) {
        return Response.Status.fromStatusCode(RefusalStatus.of(refused.kind()));
    }

    private static void record(Refused refused, HttpServletRequest request, AuditTrail audit, Defender defender) {
        String operation = request.getMethod() + " " + request.getRequestURI();
        Caller caller = (Caller) request.getAttribute(ApiAuthenticationFilter.CALLER);
        if (caller != null) {
            // A refusal of an operation on a batch belongs to that batch's trail, whichever rule refused it.
            java.util.regex.Matcher batch = BATCH_PATH.matcher(request.getRequestURI());
            audit.appendRefusal(caller, operation, batch.find() ? batch.group(1) : null, refused);
        } else {
            defender.refused(request.getRemoteAddr(), Defender.HTTP, null,
                    jp.sekisho.formats.AuditAction.REQUEST_REFUSED, operation + " refused: " + refused.reason()
                            + ": " + refused.getMessage());
        }
        refused.recorded();
    }
}
