package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Nobody fills the gateway's memory with console sessions. Each opening of the sign-in form begins a session (its
 * state lives there); a visitor's address holds at most the configured number before anyone signs in, and the next
 * opening answers 429 with the console's page, its headers and Retry-After, and begins nothing. Pages that need no
 * session (a 404, the error page, a page one is sent away from to sign in) begin none at all. The officials' trusted
 * address is not counted, and the refusals reach the audit trail as the defender reports a stranger's attempts.
 */
class ConsoleVisitorsIT extends GatewayIT {

    private static final String VISITOR = "127.0.0.7";
    private static final int PER_ADDRESS = Integer.getInteger("sekisho.test.anonymousSessionsPerAddress", 50);

    @Test
    void aVisitorsAddressHoldsAtMostItsShareOfSessionsBeforeSignIn() {
        Gateway gateway = gateway();
        long head = gateway.lastSeq();
        RawHttp visitor = RawHttp.from(base, VISITOR);
        String context = visitor.contextPath();
        for (String path : List.of("/nothing", "/console/error.xhtml", "/console/nothing.xhtml",
                "/console/index.xhtml", "/console/audit.xhtml", "/console/batch.xhtml?id=1")) {
            RawHttp.Response response = visitor.send("GET", context + path, Map.of(), null);
            assertEquals(List.of(), response.all("Set-Cookie"), path + " (" + response.status() + ") begins no session");
        }
        for (int opening = 1; opening <= PER_ADDRESS; opening++) {
            RawHttp.Response page = visitor.send("GET", context + "/console/login.xhtml", Map.of(), null);
            assertEquals(200, page.status(), "opening " + opening + " of the sign-in form");
            assertEquals(1, page.all("Set-Cookie").size(), "opening " + opening + " begins a session");
        }

        RawHttp.Response refused = visitor.send("GET", context + "/console/login.xhtml", Map.of(), null);
        assertEquals(429, refused.status(), refused.body());
        assertTrue(refused.body().contains("data-reason=\"too-many-sign-in-sessions\""), refused.body());
        assertTrue(refused.body().contains("サインイン画面が多すぎます"), "said in Japanese: " + refused.body());
        assertEquals(List.of(), refused.all("Set-Cookie"), "a refusal begins no session");
        assertFalse(refused.all("Retry-After").isEmpty(), "the visitor is told when to come back");
        assertFalse(refused.all("Content-Security-Policy").isEmpty(), "the console's headers");

        RawHttp desk = RawHttp.from(base, "127.0.0.1");
        RawHttp.Response official = desk.send("GET", context + "/console/login.xhtml", Map.of(), null);
        assertEquals(200, official.status(), "the officials' trusted address still opens the sign-in form");
        assertEquals(1, official.all("Set-Cookie").size());

        List<JsonObject> visitorsEvents = gateway.eventsAfter(head).stream()
                .filter(event -> VISITOR.equals(event.getString("client", ""))).toList();
        assertFalse(visitorsEvents.isEmpty(), "the refusal is audited");
        assertTrue(visitorsEvents.get(0).getString("detail", "").contains("too-many-sign-in-sessions"),
                visitorsEvents.get(0).toString());
        // Later refusals of the same address and window are reported as one summary (the defender's rule).
        assertTrue(visitorsEvents.size() <= 2, visitorsEvents.toString());
    }
}
