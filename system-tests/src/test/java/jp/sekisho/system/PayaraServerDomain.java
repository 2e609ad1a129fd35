package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One throw-away domain of a full Payara Server, driven through {@code asadmin} in child processes: unzipped
 * from the distribution, created with its own port base, configured by editing {@code domain.xml} before the
 * first start (so no restart is needed), started, deployed to and stopped. Every child process has a time limit
 * and its output is copied into the test log.
 */
final class PayaraServerDomain {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String SERVER_CONFIG = "/domain/configs/config[@name='server-config']";

    /** Offsets from the port base that {@code create-domain --portbase} assigns (admin 48, HTTP 80, ... Hazelcast 59). */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

    private final Path installRoot;
    private final String name;
    private final Path logDirectory;
    private int commandCount;
    private Path lastOutput;
    private boolean startAttempted;

    private PayaraServerDomain(Path installRoot, String name, Path logDirectory) {
        this.installRoot = installRoot;
        this.name = name;
        this.logDirectory = logDirectory;
    }

    /** Unzips the distribution into {@code directory} and makes its scripts executable. */
    static PayaraServerDomain install(Path distributionZip, Path directory, String domainName) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distributionZip))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("Refusing zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(zip, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path root;
        try (Stream<Path> children = Files.list(target)) {
            root = children.filter(child -> Files.isRegularFile(child.resolve("glassfish/bin/asadmin")))
                    .findFirst()
                    .orElseThrow(() -> new IOException("No glassfish/bin/asadmin in " + distributionZip));
        }
        for (Path bin : List.of(root.resolve("bin"), root.resolve("glassfish/bin"))) {
            try (Stream<Path> scripts = Files.list(bin)) {
                scripts.filter(Files::isRegularFile).forEach(script -> script.toFile().setExecutable(true, false));
            }
        }
        Path logs = target.resolve("asadmin-output");
        Files.createDirectories(logs);
        return new PayaraServerDomain(root, domainName, logs);
    }

    /**
     * A port base (a multiple of 100 between 40000 and 59900) whose ports that a domain uses are all free now,
     * and which does not contain any of {@code avoid}.
     */
    static int freePortBase(int... avoid) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 40_000 + ThreadLocalRandom.current().nextInt(200) * 100;
            boolean clashes = false;
            for (int port : avoid) {
                clashes |= port >= base && port < base + 100;
            }
            if (!clashes && allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("No free port base found between 40000 and 59999");
    }

    /** A port nothing listens on right now, on any interface. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress((InetAddress) null, base + offset));
            } catch (IOException inUse) {
                return false;
            }
        }
        return true;
    }

    void create(int portBase) {
        asadmin(Duration.ofMinutes(3), List.of(), "create-domain", "--nopassword", "--portbase", String.valueOf(portBase),
                name);
    }

    /**
     * Adds system properties as JVM options of the server and binds its HTTP, admin and IIOP listeners to the
     * loopback interface, by editing {@code domain.xml} while the domain is stopped (no asadmin escaping, no
     * restart). The JMX connector keeps its default address: bound to 127.0.0.1, Payara logs a spurious SEVERE
     * {@code NotBoundException} when it stops, which would only mislead whoever reads server.log.
     */
    void configure(Map<String, String> systemProperties) throws Exception {
        Path domainXml = domainDirectory().resolve("config/domain.xml");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(domainXml.toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();

        NodeList existingOptions = (NodeList) xpath.evaluate(SERVER_CONFIG + "/java-config/jvm-options", document,
                XPathConstants.NODESET);
        Node lastOption = existingOptions.item(existingOptions.getLength() - 1);
        Node javaConfig = lastOption.getParentNode();
        Node insertBefore = lastOption.getNextSibling();
        for (Map.Entry<String, String> property : systemProperties.entrySet()) {
            Element option = document.createElement("jvm-options");
            option.setTextContent("-D" + property.getKey() + "=" + property.getValue());
            javaConfig.insertBefore(option, insertBefore);
        }

        NodeList listeners = (NodeList) xpath.evaluate(SERVER_CONFIG + "/network-config/network-listeners/network-listener"
                + " | " + SERVER_CONFIG + "/iiop-service/iiop-listener", document, XPathConstants.NODESET);
        for (int i = 0; i < listeners.getLength(); i++) {
            ((Element) listeners.item(i)).setAttribute("address", LOOPBACK);
        }

        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document),
                new StreamResult(domainXml.toFile()));
    }

    int adminPort() {
        return listenerPort("admin-listener");
    }

    int httpPort() {
        return listenerPort("http-listener-1");
    }

    /** The domain's HTTPS listener, with Payara Server's own self-signed certificate. */
    int httpsPort() {
        return listenerPort("http-listener-2");
    }

    void start() {
        startAttempted = true;
        asadmin(Duration.ofMinutes(5), List.of(), "start-domain", name);
    }

    void deploy(Path archive) {
        asadmin(Duration.ofMinutes(5), List.of("--host", LOOPBACK, "--port", String.valueOf(adminPort())),
                "deploy", archive.toAbsolutePath().toString());
    }

    /** Stops the domain if it was ever started: politely first, then with {@code --kill}, then by its pid. */
    void stop() {
        if (!startAttempted) {
            return;
        }
        if (run(Duration.ofMinutes(2), List.of(), "stop-domain", name) == 0) {
            return;
        }
        if (run(Duration.ofMinutes(1), List.of(), "stop-domain", "--kill=true", name) == 0) {
            return;
        }
        pid().flatMap(ProcessHandle::of).ifPresent(server -> {
            System.out.println("[payara] killing server process " + server.pid());
            server.destroyForcibly();
        });
    }

    Path serverLog() {
        return domainDirectory().resolve("logs/server.log");
    }

    /** The last lines of {@code server.log}, or a note saying why there are none. */
    String serverLogTail(int lines) {
        Path log = serverLog();
        if (!Files.isRegularFile(log)) {
            return "(no " + log + ")";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /**
     * The message of every SEVERE record in {@code server.log} up to its first stack frame: the root cause of a
     * failed deployment is often more than 80 lines above the end of the log.
     */
    String severeMessages(int maxLines) {
        List<String> messages = new ArrayList<>();
        try {
            boolean inSevere = false;
            for (String line : Files.readAllLines(serverLog(), StandardCharsets.UTF_8)) {
                if (line.startsWith("[")) {
                    inSevere = line.contains("[SEVERE]");
                } else if (inSevere && !line.isBlank()) {
                    if (line.startsWith("\tat ") || messages.size() >= maxLines) {
                        inSevere = false;
                    } else {
                        messages.add(line);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + serverLog() + ": " + e + ")";
        }
        return String.join(System.lineSeparator(), messages);
    }

    private Path domainDirectory() {
        return installRoot.resolve("glassfish/domains").resolve(name);
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(domainDirectory().resolve("config/pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private int listenerPort(String listenerName) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(domainDirectory().resolve("config/domain.xml").toFile());
            String port = XPathFactory.newInstance().newXPath().evaluate(SERVER_CONFIG
                    + "/network-config/network-listeners/network-listener[@name='" + listenerName + "']/@port", document);
            return Integer.parseInt(port);
        } catch (Exception e) {
            throw new IllegalStateException("No port for " + listenerName + " in domain.xml", e);
        }
    }

    /** Runs asadmin and insists on success. */
    private void asadmin(Duration timeout, List<String> programOptions, String subcommand, String... operands) {
        int exitCode = run(timeout, programOptions, subcommand, operands);
        if (exitCode != 0) {
            throw new AssertionError("asadmin " + subcommand + " " + String.join(" ", operands) + " failed with exit code "
                    + exitCode + ":" + System.lineSeparator() + read(lastOutput));
        }
    }

    /**
     * Runs asadmin non-interactively with the JDK that runs the tests. Its output goes to a file rather than a
     * pipe (start-domain leaves the server behind, which would otherwise hold the pipe open) and is copied into
     * the test log afterwards. Answers the exit code, or -1 when the time limit was reached.
     */
    private int run(Duration timeout, List<String> programOptions, String subcommand, String... operands) {
        boolean windows = System.getProperty("os.name").toLowerCase().startsWith("windows");
        List<String> command = new ArrayList<>();
        command.add(installRoot.resolve(windows ? "bin/asadmin.bat" : "bin/asadmin").toString());
        command.add("--interactive=false");
        int firstArgument = command.size();
        command.addAll(programOptions);
        command.add(subcommand);
        command.addAll(List.of(operands));
        String label = "asadmin " + String.join(" ", command.subList(firstArgument, command.size()));
        Path output = logDirectory.resolve(String.format("%02d-%s.log", ++commandCount, subcommand));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(installRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        // Nothing from the caller's environment may redirect the gateway (SEKISHO_DB_URL...) or asadmin.
        environment.keySet().removeIf(key -> key.startsWith("SEKISHO_") || key.startsWith("AS_"));
        environment.put("AS_JAVA", System.getProperty("java.home"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));

        System.out.println("[payara] " + label);
        long started = System.nanoTime();
        int exitCode;
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exitCode = process.exitValue();
            } else {
                System.out.println("[payara] " + label + " did not finish within " + timeout + "; destroying it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                exitCode = -1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + label, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + label, e);
        }
        lastOutput = output;
        read(output).lines().forEach(line -> System.out.println("[payara]   " + line));
        System.out.printf("[payara] %s -> exit %d after %d s%n", label, exitCode,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return exitCode;
    }

    private static String read(Path output) {
        try {
            return new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
