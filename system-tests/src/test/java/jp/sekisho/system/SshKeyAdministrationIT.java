package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * An administrator manages the SSH keys of system accounts over the API: only well-formed keys of accepted kinds
 * are registered, each shown by the fingerprint ssh-keygen prints, and a revoked key loses its open sessions at
 * once and never logs in again.
 */
class SshKeyAdministrationIT extends GatewayIT {

    @Test
    void aRegisteredKeyLogsInAndARevokedOneIsCutOffAtOnce() throws Exception {
        Gateway gateway = gateway();
        Path key = keygen("ed25519", 256, "benefits-rotation");
        String printed = Processes.run((String) null, "ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub")
                .output().split("\\s+")[1];

        Gateway.Reply registered = register(gateway, "admin", "benefits", Files.readString(Path.of(key + ".pub")));
        assertEquals(201, registered.status(), registered.toString());
        assertEquals(printed, registered.field("fingerprint"));
        assertEquals("Ed25519", registered.field("type"));

        try (MinaSftp session = MinaSftp.connect("benefits", key)) {
            assertTrue(session.sftp().readDir("/").iterator().hasNext(), "the new key logs in");
            Gateway.Reply revoked = gateway.call("POST", "accounts/benefits/keys/revocations", gateway.token("admin"),
                    Json.createObjectBuilder().add("fingerprint", printed).build());
            assertEquals(200, revoked.status(), revoked.toString());
            assertFalse(revoked.json().isNull("revokedAt"));
            Gateway.eventually(Duration.ofSeconds(10), "the revoked key's open session is closed",
                    () -> !session.open());
        }
        Processes.Result again = new Sftp("benefits", key, work).run("ls /");
        assertFalse(again.succeeded(), "a revoked key does not log in: " + again.output());
        assertEquals(409, register(gateway, "admin", "benefits", Files.readString(Path.of(key + ".pub"))).status(),
                "a revoked key cannot be registered again");
        assertTrue(Sftp.as("benefits", work).run("ls /").succeeded(), "the account's other key still works");

        List<String> actions = new ArrayList<>();
        for (JsonObject event : gateway.auditEvents()) {
            if (event.toString().contains(printed)) {
                actions.add(event.getString("action"));
            }
        }
        assertTrue(actions.containsAll(List.of("KEY_REGISTERED", "SSH_LOGIN", "KEY_REVOKED")), actions.toString());
    }

    @Test
    void anAccountLimitedToNetworksIsRefusedFromAnyOtherAddress() {
        Gateway gateway = gateway();
        String admin = gateway.token("admin");
        try {
            Gateway.Reply limited = gateway.call("PUT", "accounts/callcenter/networks", admin, Json.createObjectBuilder()
                    .add("allowedNetworks", Json.createArrayBuilder().add("192.0.2.0/24").add("2001:db8::/32"))
                    .build());
            assertEquals(200, limited.status(), limited.toString());
            Processes.Result outside = Sftp.as("callcenter", work).run("ls /");
            assertFalse(outside.succeeded(), "127.0.0.1 is not in the allowed networks: " + outside.output());
            assertTrue(gateway.call("GET", "audit/search?actor=callcenter&action=SSH_LOGIN_REFUSED",
                    gateway.token("auditor"), null).body().contains("not in the account's allowed networks"));

            assertEquals(200, gateway.call("PUT", "accounts/callcenter/networks", admin, Json.createObjectBuilder()
                    .add("allowedNetworks", Json.createArrayBuilder().add("127.0.0.0/8")).build()).status());
            assertTrue(Sftp.as("callcenter", work).run("ls /").succeeded(), "inside the allowed network");

            Gateway.Reply invalid = gateway.call("PUT", "accounts/callcenter/networks", admin, Json.createObjectBuilder()
                    .add("allowedNetworks", Json.createArrayBuilder().add("127.0.0.1/8")).build());
            assertEquals(400, invalid.status(), "host bits set: " + invalid);
            assertEquals(403, gateway.call("PUT", "accounts/callcenter/networks", gateway.token("auditor"),
                    Json.createObjectBuilder().add("allowedNetworks", Json.createArrayBuilder()).build()).status());
        } finally {
            assertEquals(200, gateway.call("PUT", "accounts/callcenter/networks", admin, Json.createObjectBuilder()
                    .add("allowedNetworks", Json.createArrayBuilder()).build()).status());
        }
        assertTrue(Sftp.as("callcenter", work).run("ls /").succeeded(), "no networks listed: any address again");
    }

    @Test
    void weakMalformedOrForeignKeysAreRefusedWithTheReason() throws Exception {
        Gateway gateway = gateway();
        Gateway.Reply shortRsa = register(gateway, "admin", "benefits",
                Files.readString(Path.of(keygen("rsa", 2048, "old") + ".pub")));
        assertEquals(400, shortRsa.status(), shortRsa.toString());
        assertTrue(shortRsa.body().contains("2048 bits; at least 3072 are required"), shortRsa.body());

        Gateway.Reply garbage = register(gateway, "admin", "benefits", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==");
        assertEquals(400, garbage.status(), garbage.toString());

        Gateway.Reply rsa = register(gateway, "admin", "callcenter",
                Files.readString(Path.of(keygen("rsa", 3072, "ok") + ".pub")));
        assertEquals(201, rsa.status(), rsa.toString());
        assertEquals("RSA 3072", rsa.field("type"));

        Gateway.Reply byApprover = register(gateway, "approver1", "benefits",
                Files.readString(Path.of(keygen("ed25519", 256, "sneaky") + ".pub")));
        assertEquals(403, byApprover.status(), "only an administrator registers keys: " + byApprover);

        Gateway.Reply otherAccountsKey = register(gateway, "admin", "callcenter",
                Files.readString(Gateway.demoFile("benefits_ed25519.pub")));
        assertEquals(409, otherAccountsKey.status(), "one key belongs to one account: " + otherAccountsKey);

        JsonObject listing = gateway.call("GET", "accounts", gateway.token("auditor"), null).json();
        assertTrue(listing.toString().contains(rsa.field("fingerprint")), listing.toString());
    }

    private Gateway.Reply register(Gateway gateway, String login, String account, String publicKey) {
        return gateway.call("POST", "accounts/" + account + "/keys", gateway.token(login),
                Json.createObjectBuilder().add("publicKey", publicKey).build());
    }

    private Path keygen(String type, int bits, String comment) {
        Path key = work.resolve("id_" + type + bits + "_" + comment);
        Processes.Result made = Processes.run((String) null, "ssh-keygen", "-q", "-t", type, "-b",
                String.valueOf(bits), "-N", "", "-C", comment, "-f", key.toString());
        assertTrue(made.succeeded(), made.output());
        return key;
    }
}
