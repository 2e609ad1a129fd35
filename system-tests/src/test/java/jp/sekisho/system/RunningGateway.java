package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway under test: the bundle exactly as {@code mvn package} built it, started as {@code ./sekisho} starts
 * it (the same Payara configuration file, {@code config/payara-preboot.asadmin}), once per test run by the first test
 * needing it, and stopped when the run ends. Each failsafe execution (one per database) starts it once; the tests
 * share its database and data directory, as the officials and machines of one city would.
 * <p>
 * What each execution passes (see system-tests/pom.xml): {@code sekisho.test.bundle},
 * {@code sekisho.test.prebootCommands}, {@code sekisho.test.httpPort}, {@code sekisho.test.httpsPort},
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

    private RunningGateway(Process process, URL base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** The deployment's base address ({@code http://127.0.0.1:<port>/}), starting the gateway if needed. */
    static synchronized URL base() {
        if (running == null) {
            running = start();
        } else if (!running.process.isAlive()) {
            throw new IllegalStateException("The gateway under test has exited; its log: " + running.log + "\n"
                    + tail(running.log));
        }
        return running.base;
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
        int httpPort = Integer.parseInt(required("sekisho.test.httpPort"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options("sekisho.test.gatewayJvmOptions"));
        command.addAll(List.of("-jar", required("sekisho.test.bundle"), "--port", String.valueOf(httpPort),
                "--sslport", required("sekisho.test.httpsPort"),
                "--prebootcommandfile", required("sekisho.test.prebootCommands")));
        try {
            Files.createDirectories(dataDir.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            URL base = URI.create("http://127.0.0.1:" + httpPort + "/").toURL();
            RunningGateway gateway = new RunningGateway(process, base, log);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            gateway.awaitApi();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("The gateway under test could not be started: " + command, e);
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
            HttpURLConnection connection = (HttpURLConnection) new URL(base, "api/gateway").openConnection();
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
