package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/prepare-start}, which runs before Payara opens a socket: every way an operator's certificate and key
 * can be wrong stops the start with a sentence naming the file and the fault, and a gateway never listens on the
 * network with a certificate no client can check. Run with the real {@code openssl} and {@code keytool}.
 */
class PrepareStartIT {

    @TempDir
    Path work;

    @Test
    void refusesEachWrongCertificateOrKeyWithItsReason() throws Exception {
        CityCertificates city = CityCertificates.in(work.resolve("city"));
        Path other = work.resolve("other-key.pem");
        CityCertificates.openssl(work, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", other.toString());
        Path encrypted = work.resolve("encrypted-key.pem");
        CityCertificates.openssl(work, "pkey", "-in", city.key().toString(), "-aes256", "-passout", "pass:secret",
                "-out", encrypted.toString());
        Path garbage = Files.writeString(work.resolve("garbage.pem"), "not a certificate\n");
        Path[] expired = expiredCertificate();
        Path[] shortRsa = selfSigned("rsa:1024", "short");

        Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
        cases.put("SEKISHO_TLS_CERT and SEKISHO_TLS_KEY go together",
                Map.of("SEKISHO_TLS_CERT", city.chain().toString()));
        cases.put("missing.pem, which cannot be read", tls(work.resolve("missing.pem"), city.key()));
        cases.put("garbage.pem holds no PEM certificate", tls(garbage, city.key()));
        cases.put("encrypted-key.pem is encrypted", tls(city.chain(), encrypted));
        cases.put("the key " + other + " does not belong to the certificate", tls(city.chain(), other));
        cases.put("expired on", tls(expired[0], expired[1]));
        cases.put("has a 1024-bit RSA key; at least 2048 bits are needed", tls(shortRsa[0], shortRsa[1]));
        cases.put("HTTPS would listen on 0.0.0.0 with a certificate no client can check",
                Map.of("SEKISHO_HTTPS_ADDRESS", "0.0.0.0"));
        List<String> wrong = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Map<String, String>> refusal : cases.entrySet()) {
            Path dataDir = Files.createDirectories(work.resolve("data-" + index++));
            Processes.Result run = prepare(dataDir, refusal.getValue());
            if (run.exitCode() != 1 || !run.output().contains("Sekisho will not start: ")
                    || !run.output().contains(refusal.getKey())) {
                wrong.add(refusal.getValue() + " -> exit " + run.exitCode() + ": " + run.output());
            }
            if (Files.exists(dataDir.resolve("run").resolve("payara-preboot.asadmin"))) {
                wrong.add(refusal.getValue() + " left a Payara configuration to start with");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theOperatorsChainIsServedOnTheConfiguredAddressAndThePasswordIsNeverWritten() throws Exception {
        CityCertificates city = CityCertificates.in(work.resolve("city"));
        Map<String, String> environment = new HashMap<>(tls(city.chain(), city.key()));
        environment.put("SEKISHO_HTTPS_ADDRESS", "0.0.0.0");
        Path dataDir = work.resolve("data");
        Processes.Result run = prepare(dataDir, environment);
        assertEquals(0, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        Path preboot = Path.of(lines.get(lines.size() - 1));
        String configuration = Files.readString(preboot);
        assertTrue(configuration.contains("network-listener.https-listener.address=0.0.0.0"), configuration);
        assertTrue(configuration.contains("http-listener.address=127.0.0.1"), "plain HTTP stays on loopback");
        String password = Files.readString(dataDir.resolve("run/https.p12.password")).strip();
        assertTrue(password.length() >= 32, password);
        assertFalse(configuration.contains(password), "Payara logs its boot commands: the password is not in them");
        assertEquals("rw-------", permissions(dataDir.resolve("run/https.p12")),
                "the key store is the gateway's alone");
        Processes.Result listed = Processes.run((String) null, "keytool", "-list", "-v", "-keystore",
                dataDir.resolve("run/https.p12").toString(), "-storepass", password);
        assertTrue(listed.output().contains("Alias name: sekisho")
                && listed.output().contains("Certificate chain length: 2"), listed.output());
    }

    @Test
    void theLocalAuthorityOutlivesRestartsAndItsCertificateFollowsThePublicAddress() throws Exception {
        Path dataDir = work.resolve("data");
        assertEquals(0, prepare(dataDir, Map.of()).exitCode());
        Path authority = dataDir.resolve("https/local-ca.pem");
        String firstAuthority = Files.readString(authority);
        String firstCertificate = Files.readString(dataDir.resolve("https/local-cert.pem"));
        assertEquals(0, prepare(dataDir, Map.of()).exitCode());
        assertEquals(firstAuthority, Files.readString(authority), "a restart keeps the authority clients trust");
        assertEquals(firstCertificate, Files.readString(dataDir.resolve("https/local-cert.pem")));

        Processes.Result renamed = prepare(dataDir, Map.of("SEKISHO_PUBLIC_ADDRESS", "https://gateway.lan:8443"));
        assertEquals(0, renamed.exitCode(), renamed.output());
        assertEquals(firstAuthority, Files.readString(authority));
        String certificate = Files.readString(dataDir.resolve("https/local-cert.pem"));
        assertNotEquals(firstCertificate, certificate, "a new host name gets a new certificate");
        Processes.Result names = Processes.run(certificate, "openssl", "x509", "-noout", "-ext", "subjectAltName");
        assertTrue(names.output().contains("DNS:gateway.lan") && names.output().contains("IP Address:127.0.0.1"),
                names.output());
        Processes.Result verified = Processes.run(certificate, "openssl", "verify", "-CAfile", authority.toString());
        assertTrue(verified.output().contains("OK"), verified.output());
    }

    private static String permissions(Path file) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Map<String, String> tls(Path certificate, Path key) {
        return Map.of("SEKISHO_TLS_CERT", certificate.toString(), "SEKISHO_TLS_KEY", key.toString());
    }

    /** A certificate whose validity ended yesterday: keytool can date its start back, openssl req cannot. */
    private Path[] expiredCertificate() {
        Path store = work.resolve("expired.p12");
        Processes.Result made = Processes.run((String) null, "keytool", "-genkeypair", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "old", "-keyalg", "EC", "-dname",
                "CN=127.0.0.1", "-startdate", "-3d", "-validity", "1");
        assertTrue(made.succeeded(), made.output());
        Path certificate = work.resolve("expired.pem");
        Path key = work.resolve("expired-key.pem");
        CityCertificates.openssl(work, "pkcs12", "-in", store.toString(), "-passin", "pass:changeit", "-nokeys",
                "-out", certificate.toString());
        CityCertificates.openssl(work, "pkcs12", "-in", store.toString(), "-passin", "pass:changeit", "-nocerts",
                "-nodes", "-out", key.toString());
        return new Path[] {certificate, key};
    }

    private Path[] selfSigned(String key, String name) {
        Path certificate = work.resolve(name + ".pem");
        Path keyFile = work.resolve(name + "-key.pem");
        CityCertificates.openssl(work, "req", "-x509", "-newkey", key, "-nodes", "-keyout", keyFile.toString(),
                "-out", certificate.toString(), "-days", "5", "-subj", "/CN=127.0.0.1");
        return new Path[] {certificate, keyFile};
    }

    private static Processes.Result prepare(Path dataDir, Map<String, String> environment) {
        Path script = Path.of(System.getProperty("sekisho.test.repository", ".."), "config", "prepare-start");
        return Processes.run(environment, null, null, List.of("bash", script.toString(), dataDir.toString()));
    }
}
