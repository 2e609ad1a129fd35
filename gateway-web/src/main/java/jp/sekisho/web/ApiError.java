package jp.sekisho.web;

import jakarta.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jp.sekisho.persistence.DatabaseWatch;

/** The one shape of every API error: a stable code and a sentence for people. Never a stack trace. */
final class ApiError {

    private ApiError() {
    }

    /**
     * The database does not answer: 503 with the time to wait. Not audited, as nothing can be written; the database
     * watch counts it and logs the outage once.
     */
    static Response databaseUnavailable() {
        DatabaseWatch.current().refused();
        return Response.fromResponse(of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable",
                DatabaseWatch.SENTENCE)).header(HttpHeaders.RETRY_AFTER, DatabaseWatch.RETRY_AFTER.toSeconds()).build();
    }

    static Response of(Response.StatusType status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", error).add("message", message).build().toString())
                .build();
    }
}
