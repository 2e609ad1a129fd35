package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.shared.Refused;

/** A rule's refusal becomes a 4xx whose body says which rule and why, and is audited (see {@link ApiRefusals}). */
@Provider
public class RefusedMapper implements ExceptionMapper<Refused> {

    @EJB
    AuditTrail audit;

    @EJB
    Defender defender;

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Refused refused) {
        return ApiRefusals.answer(refused, request, audit, defender);
    }
}
