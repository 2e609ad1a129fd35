package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates as a city's own PKI would issue them, made with the real {@code openssl}: a root, an intermediate
 * that signs server certificates, and the gateway's certificate (RSA, as most city PKIs still issue) under it. The
 * gateway is handed the server certificate followed by the intermediate (as an operator gets them) and its key;
 * clients trust only the root.
 */
record CityCertificates(Path root, Path chain, Path key) {

    /** Issues the set into {@code directory}, or reuses one issued there before (one per test run). */
    static CityCertificates in(Path directory) {
        Path root = directory.resolve("city-root.pem");
        Path chain = directory.resolve("gateway-chain.pem");
        Path key = directory.resolve("gateway-key.pem");
        if (Files.isRegularFile(chain) && Files.isRegularFile(key) && Files.isRegularFile(root)) {
            return new CityCertificates(root, chain, key);
        }
        try {
            Files.createDirectories(directory);
            openssl(directory, "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384",
                    "-nodes", "-keyout", "city-root-key.pem", "-out", "city-root.pem", "-days", "90",
                    "-subj", "/C=JP/O=Test City/CN=Test City Root CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
            openssl(directory, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "city-issuing-key.pem", "-out", "city-issuing.csr",
                    "-subj", "/C=JP/O=Test City/CN=Test City Server CA");
            Files.writeString(directory.resolve("issuing.ext"),
                    "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n");
            openssl(directory, "x509", "-req", "-in", "city-issuing.csr", "-CA", "city-root.pem",
                    "-CAkey", "city-root-key.pem", "-CAcreateserial", "-days", "90", "-out", "city-issuing.pem",
                    "-extfile", "issuing.ext");
            openssl(directory, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "gateway-key.pem",
                    "-out", "gateway.csr", "-subj", "/C=JP/O=Test City/CN=sekisho.test-city.example");
            Files.writeString(directory.resolve("server.ext"), "subjectAltName=DNS:sekisho.test-city.example,"
                    + "DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
            openssl(directory, "x509", "-req", "-in", "gateway.csr", "-CA", "city-issuing.pem",
                    "-CAkey", "city-issuing-key.pem", "-CAcreateserial", "-days", "90", "-out", "gateway.pem",
                    "-extfile", "server.ext");
            Files.writeString(chain, Files.readString(directory.resolve("gateway.pem"))
                    + Files.readString(directory.resolve("city-issuing.pem")));
            return new CityCertificates(root, chain, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void openssl(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Processes.Result result = Processes.run(directory, null, command);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + result.output());
        }
    }
}
