package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.testing.Processes;

/**
 * Every member of a cluster presents the same SSH host keys and signs with the same key, so that a client behind the
 * balancer never sees a key change: the shared database records each key, and a member whose key differs, or is
 * missing, does not start; it never makes a key of its own. Each of the gateway's keys is tried.
 */
class MemberKeysTest {

    private static final Map<String, Function<GatewayKeys, Object>> KEYS = Map.of(
            "ssh_host_ed25519_key", GatewayKeys::sshHostKey,
            "ssh_host_ecdsa_key", GatewayKeys::sshEcdsaHostKey,
            "gateway-signing-key.pem", GatewayKeys::manifestSigningKey);

    private final InJvmGateway gateway = InJvmGateway.shared();

    @TempDir
    Path work;

    @Test
    void aMemberWithTheSameKeysStartsAndOneWithoutKeysDoesNotMakeItsOwn() throws Exception {
        Path same = copyOfKeys("same");
        try (InJvmContainer member = gateway.anotherMemberStarting("member-same", same)) {
            assertEquals(gateway.boundary(GatewayKeys.class).sshHostKey().fingerprint(),
                    member.boundary(GatewayKeys.class).sshHostKey().fingerprint());
        }
        Path empty = Files.createDirectories(work.resolve("empty"));
        try (InJvmContainer member = gateway.anotherMemberStarting("member-empty", empty)) {
            for (Map.Entry<String, Function<GatewayKeys, Object>> key : KEYS.entrySet()) {
                String refusal = refusal(() -> key.getValue().apply(member.boundary(GatewayKeys.class)));
                assertTrue(refusal.contains("is missing or unreadable") && refusal.contains("copy the keys folder of "
                        + "a running member"), key.getKey() + ": " + refusal);
            }
        }
        try (Stream<Path> made = Files.walk(empty)) {
            assertFalse(made.anyMatch(path -> path.getFileName().toString().contains("key")),
                    "no key was made: a client would have to trust a key it cannot verify");
        }
    }

    @Test
    void aMemberWhoseKeyDiffersDoesNotStartWhicheverKeyItIs() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Function<GatewayKeys, Object>> key : KEYS.entrySet()) {
            Path data = copyOfKeys("differs-" + key.getKey());
            replace(data.resolve("keys"), key.getKey());
            try (InJvmContainer member = gateway.anotherMemberStarting("member-" + key.getKey(), data)) {
                String refusal = refusal(() -> key.getValue().apply(member.boundary(GatewayKeys.class)));
                if (!refusal.contains("is not the one this gateway recorded")
                        || !refusal.contains("every member of a cluster presents the same keys")) {
                    wrong.add(key.getKey() + ": " + refusal);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** The first member has made and recorded every key (the signing key is made when first needed). */
    @org.junit.jupiter.api.BeforeEach
    void everyKeyRecorded() {
        KEYS.values().forEach(key -> key.apply(gateway.boundary(GatewayKeys.class)));
    }

    private Path copyOfKeys(String name) throws Exception {
        Path data = Files.createDirectories(work.resolve(name));
        Processes.run("cp", "-a", gateway.dataDirectory.resolve("keys").toString(), data.toString());
        return data;
    }

    /** Another key of the same kind, as a member set up with keys of its own would have. */
    private static void replace(Path keys, String file) throws Exception {
        Files.delete(keys.resolve(file));
        if (file.startsWith("ssh_host_")) {
            Files.delete(keys.resolve(file + ".pub"));
            Processes.run("ssh-keygen", "-q", "-t", file.contains("ed25519") ? "ed25519" : "ecdsa", "-N", "",
                    "-f", keys.resolve(file).toString());
        } else {
            Processes.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", keys.resolve(file).toString(), "-out",
                    keys.resolve("gateway-signing-cert.pem").toString(), "-subj", "/CN=another member", "-days", "30");
        }
    }

    /** The sentence the start stops with, from the whole chain of causes. */
    private static String refusal(org.junit.jupiter.api.function.Executable start) {
        Throwable thrown = assertThrows(RuntimeException.class, start);
        StringBuilder sentences = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            sentences.append(cause.getMessage()).append(" / ");
        }
        return sentences.toString();
    }
}
