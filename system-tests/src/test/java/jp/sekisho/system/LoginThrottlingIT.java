package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Guessing over HTTP, for API and console alike (one boundary): strangers play from other loopback addresses while
 * the demo officials work from 127.0.0.1, their usual address (the gateway under test trusts it, so that the rest
 * of the suite's deliberate failures never penalise it).
 */
class LoginThrottlingIT extends GatewayIT {

    @Test
    void aStrangerLocksAnOfficialsNameForStrangersOnlyNeverAtTheOfficialsDesk() {
        Gateway gateway = gateway();
        String official = "approver4";
        gateway.token(official);
        RawHttp stranger = RawHttp.from(base, "127.0.0.2");
        long head = gateway.lastSeq();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Gateway.Reply refused = attempt(stranger, official, "wrong-" + attempt, "000000");
            assertEquals(401, refused.status(), refused.toString());
            assertEquals("login-refused", refused.field("error"), "attempt " + attempt);
        }
        Gateway.Reply fifth = attempt(stranger, official, "wrong-5", "000000");
        assertEquals("login-locked", fifth.field("error"), fifth.toString());
        Gateway.Reply rightPassword = attempt(stranger, official, Gateway.official(official).getString("password"),
                Gateway.freshTotp(official));
        Gateway.codeNotConsumed(official);
        assertEquals("login-locked", rightPassword.field("error"), "the lock holds from a stranger's address");

        Gateway.Reply atTheDesk = gateway.call("POST", "sessions", null, body(official,
                Gateway.official(official).getString("password"), Gateway.freshTotp(official)));
        assertEquals(201, atTheDesk.status(), "the official logs in from their usual address: " + atTheDesk);

        List<JsonObject> strangersEvents = eventsFrom(gateway, head, "127.0.0.2");
        assertEquals(1, strangersEvents.size(), "the first attempt of the window in full, the rest counted: "
                + strangersEvents);
        assertEquals("API_LOGIN_REFUSED", strangersEvents.get(0).getString("action"));
    }

    @Test
    void anAddressThatKeepsFailingIsPenalisedAndTheOthersAreNot() {
        Gateway gateway = gateway();
        RawHttp stranger = RawHttp.from(base, "127.0.0.3");
        long head = gateway.lastSeq();
        for (int attempt = 1; attempt <= 10; attempt++) {
            Gateway.Reply refused = attempt(stranger, "guess-" + attempt, "wrong", "000000");
            assertEquals(401, refused.status(), "attempt " + attempt + ": " + refused);
        }
        Gateway.Reply penalised = attempt(stranger, "approver4", Gateway.official("approver4").getString("password"),
                "000000");
        assertEquals(429, penalised.status(), penalised.toString());
        assertEquals("address-penalised", penalised.field("error"));
        Gateway.Reply api = stranger.api("GET", "batches", gateway.token("auditor"), null).reply();
        assertEquals(429, api.status(), "a penalised address is refused whatever it sends: " + api);
        assertEquals(200, gateway.call("GET", "batches", gateway.token("auditor"), null).status(),
                "the same token works from the official's address");

        List<String> actions = eventsFrom(gateway, head, "127.0.0.3").stream()
                .map(event -> event.getString("action")).toList();
        assertEquals(List.of("API_LOGIN_REFUSED", "ADDRESS_PENALISED"), actions);
        String penalty = eventsFrom(gateway, head, "127.0.0.3").get(1).getString("detail");
        assertTrue(penalty.startsWith("penalty 1: refused until "), penalty);
        assertTrue(penalty.contains("names tried: guess-1,guess-2"), penalty);

        JsonObject inForce = gateway.call("GET", "penalties", gateway.token("auditor"), null).json();
        assertTrue(inForce.toString().contains("\"subject\":\"127.0.0.3\""), inForce.toString());
        assertEquals(403, gateway.call("DELETE", "penalties/127.0.0.3", gateway.token("auditor"), null).status(),
                "only an administrator lifts a penalty");
        assertEquals(204, gateway.call("DELETE", "penalties/127.0.0.3", gateway.token("admin"), null).status());
        assertEquals(401, attempt(stranger, "guess-11", "wrong", "000000").status(), "admitted again once lifted");
        assertTrue(eventsFrom(gateway, head, "127.0.0.1").stream().anyMatch(event -> "PENALTY_LIFTED".equals(
                event.getString("action")) && "127.0.0.3".equals(event.getString("subject", ""))));
    }

    @Test
    void paddedOrOverlongNamesAreRefusedAsInputAndLockNobody() {
        Gateway gateway = gateway();
        RawHttp stranger = RawHttp.from(base, "127.0.0.4");
        String official = "approver3";
        List<String> disguised = List.of(" " + official, official + " ", official + "\u0000", "\u202E" + official,
                official.toUpperCase(), official + "x".repeat(200), "x".repeat(100_000));
        for (int round = 0; round < 2; round++) {
            for (String name : disguised) {
                Gateway.Reply refused = attempt(stranger, name, "wrong", "000000");
                assertTrue(refused.status() == 400 || refused.status() == 401, name.length() + ": " + refused);
                assertTrue(refused.body().contains("\"error\""), refused.toString());
            }
        }
        RawHttp elsewhere = RawHttp.from(base, "127.0.0.5");
        Gateway.Reply fromANewPlace = attempt(elsewhere, official, Gateway.official(official).getString("password"),
                Gateway.freshTotp(official));
        assertEquals(201, fromANewPlace.status(), "no disguise counted towards " + official + "'s lock: "
                + fromANewPlace);
    }

    @Test
    void simultaneousFailuresOfANewNameAreAllAnsweredAsRefusals() throws Exception {
        RawHttp stranger = RawHttp.from(base, "127.0.0.6");
        String name = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<Gateway.Reply>> attempts = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            attempts.add(CompletableFuture.supplyAsync(() -> attempt(stranger, name, "wrong", "000000")));
        }
        for (CompletableFuture<Gateway.Reply> attempt : attempts) {
            Gateway.Reply reply = attempt.get();
            assertEquals(401, reply.status(), "a refusal, never a server error: " + reply);
        }
        assertEquals("login-locked", attempt(stranger, name, "wrong", "000000").field("error"),
                "all five were counted");
    }

    private static Gateway.Reply attempt(RawHttp from, String login, String password, String totp) {
        return from.api("POST", "sessions", null, body(login, password, totp).toString()
                .getBytes(StandardCharsets.UTF_8)).reply();
    }

    private static JsonObject body(String login, String password, String totp) {
        return Json.createObjectBuilder().add("login", login).add("password", password).add("totp", totp).build();
    }

    private static List<JsonObject> eventsFrom(Gateway gateway, long afterSeq, String address) {
        return gateway.eventsAfter(afterSeq).stream().filter(event -> address.equals(event.getString("client", "")))
                .toList();
    }
}
