package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;

/**
 * The gateway under test: the bundle exactly as {@code mvn package} built it, started as {@code ./sekisho} starts
 * it ({@code config/prepare-start} completes {@code config/payara-preboot.asadmin} with the HTTPS listener), once per
 * test run by the first test needing it, and stopped when the run ends. Each failsafe execution (one per database)
 * starts it once; the tests share its database and data directory, as the officials and machines of one city would.
 * <p>
 * HTTPS presents either a city's own certificate chain ({@code sekisho.test.tls=city}: {@link CityCertificates},
 * handed over as SEKISHO_TLS_CERT and _KEY) or the certificate the gateway issues itself from its local CA (any
 * other value); either way tests trust only that one authority ({@link #trustAnchor()}).
 * <p>
 * What each execution passes (see system-tests/pom.xml): {@code sekisho.test.bundle}, {@code sekisho.test.repository},
 * {@code sekisho.test.httpPort}, {@code sekisho.test.httpsPort}, {@code sekisho.test.tls},
 * {@code sekisho.test.gatewayJvmOptions} (the gateway's configuration as system properties) and
 * {@code sekisho.test.dataDir}.
 */
final class RunningGateway {

    private static final long START_LIMIT_SECONDS = 240;
    private static final int LOG_TAIL_LINES = 60;

    private static RunningGateway running;

    private final Process process;
    private final URL base;
    private final Path log;
    private final Path trustAnchor;

    private RunningGateway(Process process, URL base, Path log, Path trustAnchor) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.trustAnchor = trustAnchor;
    }

    /** The deployment's base address ({@code https://127.0.0.1:<port>/}), starting the gateway if needed. */
    static synchronized URL base() {
        if (running == null) {
            running = start();
        } else if (!running.process.isAlive()) {
            throw new IllegalStateException("The gateway under test has exited; its log: " + running.log + "\n"
                    + tail(running.log));
        }
        return running.base;
    }

    /** The authority whose certificate (PEM) a client of the gateway under test trusts, and only that one. */
    static synchronized Path trustAnchor() {
        base();
        return running.trustAnchor;
    }

    /** Plain HTTP, loopback only, for probes: {@code http://127.0.0.1:<port>/}. */
    static URI probeBase() {
        return URI.create("http://127.0.0.1:" + required("sekisho.test.httpPort") + "/");
    }

    /** The gateway's process id, for looking at what it holds open (its listening sockets). */
    static synchronized long pid() {
        base();
        return running.process.pid();
    }

    /** Stops the gateway and waits until it has exited, so that the next execution finds its ports free. */
    static synchronized void stop() {
        if (running == null) {
            return;
        }
        running.process.destroy();
        try {
            if (!running.process.waitFor(60, TimeUnit.SECONDS)) {
                running.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = null;
    }

    private static RunningGateway start() {
        Path dataDir = Path.of(required("sekisho.test.dataDir")).toAbsolutePath();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-gateway.log");
        Map<String, String> environment = new HashMap<>();
        Path trustAnchor = dataDir.resolve("https").resolve("local-ca.pem");
        if ("city".equals(System.getProperty("sekisho.test.tls"))) {
            CityCertificates city = CityCertificates.in(dataDir.resolveSibling(dataDir.getFileName() + "-city-pki"));
            environment.put("SEKISHO_TLS_CERT", city.chain().toString());
            environment.put("SEKISHO_TLS_KEY", city.key().toString());
            trustAnchor = city.root();
        }
        Path preboot = prepare(dataDir, environment);
        environment.put("SEKISHO_HTTPS_KEYSTORE_PASSWORD", readPassword(dataDir));
        String httpsPort = required("sekisho.test.httpsPort");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options("sekisho.test.gatewayJvmOptions"));
        command.addAll(List.of("-jar", required("sekisho.test.bundle"),
                "--port", required("sekisho.test.httpPort"), "--sslport", httpsPort,
                "--prebootcommandfile", preboot.toString()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            URL base = URI.create("https://127.0.0.1:" + httpsPort + "/").toURL();
            RunningGateway gateway = new RunningGateway(process, base, log, trustAnchor);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            gateway.awaitApi();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("The gateway under test could not be started: " + command, e);
        }
    }

    /** Runs config/prepare-start as ./sekisho does; its last line names the Payara configuration to boot with. */
    private static Path prepare(Path dataDir, Map<String, String> environment) {
        Path script = Path.of(required("sekisho.test.repository"), "config", "prepare-start");
        Processes.Result prepared = Processes.run(environment, null, null,
                List.of("bash", script.toString(), dataDir.toString()));
        if (!prepared.succeeded()) {
            throw new IllegalStateException("config/prepare-start refused: " + prepared.output());
        }
        List<String> lines = prepared.output().lines().toList();
        return Path.of(lines.get(lines.size() - 1));
    }

    private static String readPassword(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("run").resolve("https.p12.password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Payara reports the deployment before every path answers: a test starts only once the public API does. */
    private void awaitApi() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_LIMIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway under test exited while starting (exit "
                        + process.exitValue() + "); the end of " + log + ":\n" + tail(log));
            }
            if (answers()) {
                return;
            }
            Gateway.sleepUntil(java.time.Instant.now().plusMillis(250));
        }
        process.destroyForcibly();
        throw new IllegalStateException("The gateway under test did not answer within " + START_LIMIT_SECONDS
                + " s; the end of " + log + ":\n" + tail(log));
    }

    private boolean answers() {
        try {
            HttpsURLConnection connection = (HttpsURLConnection) new URL(base, "api/gateway").openConnection();
            connection.setSSLSocketFactory(Https.trusting(trustAnchor).getSocketFactory());
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private static List<String> options(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the in-server tests "
                    + "through Maven (mvn verify), which sets it");
        }
        return value;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
