package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Guessing is slowed to five attempts per login name in fifteen minutes, for API and console alike (one boundary),
 * and a name that belongs to nobody locks exactly like a real one, so the lock tells nothing about who exists.
 */
class LoginThrottlingIT extends GatewayIT {

    @Test
    void fiveFailedLoginsLockTheNameAndEveryAttemptIsAudited() {
        Gateway gateway = gateway();
        String name = "guess-" + UUID.randomUUID().toString().substring(0, 8);
        for (int attempt = 1; attempt <= 4; attempt++) {
            Gateway.Reply refused = attempt(gateway, name, "wrong-" + attempt);
            assertEquals(401, refused.status());
            assertEquals("login-refused", refused.field("error"), "attempt " + attempt);
        }
        Gateway.Reply fifth = attempt(gateway, name, "wrong-5");
        assertEquals(401, fifth.status());
        assertEquals("login-locked", fifth.field("error"), fifth.toString());
        assertTrue(fifth.field("message").contains("try again in 15 minutes"), fifth.toString());
        assertEquals("login-locked", attempt(gateway, name.toUpperCase(), "any").field("error"),
                "the lock holds for every spelling of the name");

        List<String> details = gateway.auditEvents().stream()
                .filter(event -> name.equals(event.getString("actor", "")) || name.toUpperCase().equals(
                        event.getString("actor", "")))
                .map(event -> event.getString("action") + " " + event.getString("detail", "")).toList();
        assertEquals(6, details.size(), details.toString());
        assertTrue(details.get(4).contains("locked until"), details.toString());
        assertTrue(details.get(5).contains("locked after repeated failures"), details.toString());
    }

    @Test
    void simultaneousFailuresOfANewNameAreAllAnsweredAsRefusals() throws Exception {
        Gateway gateway = gateway();
        String name = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        List<java.util.concurrent.CompletableFuture<Gateway.Reply>> attempts = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            attempts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> attempt(gateway, name, "wrong")));
        }
        for (java.util.concurrent.CompletableFuture<Gateway.Reply> attempt : attempts) {
            Gateway.Reply reply = attempt.get();
            assertEquals(401, reply.status(), "a refusal, never a server error: " + reply);
        }
        assertEquals("login-locked", attempt(gateway, name, "wrong").field("error"), "all eight were counted");
    }

    private static Gateway.Reply attempt(Gateway gateway, String login, String password) {
        JsonObject body = Json.createObjectBuilder().add("login", login).add("password", password)
                .add("totp", "000000").build();
        return gateway.call("POST", "sessions", null, body);
    }
}
