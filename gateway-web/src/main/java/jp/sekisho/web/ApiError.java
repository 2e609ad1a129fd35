package jp.sekisho.web;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every API error: a stable code and a sentence for people. Never a stack trace. */
final class ApiError {

    private ApiError() {
    }

    static Response of(Response.StatusType status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", error).add("message", message).build().toString())
                .build();
    }
}
