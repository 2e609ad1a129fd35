package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two members and a real HAProxy, as docs/deploy/cluster.md sets them up: one PostgreSQL database, one storage
 * directory, the same keys, the city's certificate, and docs/deploy/haproxy.cfg unchanged. The first member is the
 * gateway every other in-server test used (its start is the costliest part of the suite), which is why this class runs
 * last (junit-platform.properties): the second joins it as a city's second machine would. The walkthrough runs through
 * the balancer while the member receiving an upload is killed with SIGKILL; the client's retry lands on the other
 * member and the batch goes on to its delivery. The members see each client as itself, never as the balancer, a TOTP
 * code counts once in the whole cluster, and each member listens on exactly its configured sockets.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String BALANCER = "127.0.0.1";
    /** Where HAProxy's connections to the members come from: the members' SEKISHO_BALANCERS (system-tests/pom.xml). */
    private static final String BALANCER_SOURCE = "127.0.0.20";
    private static final int BALANCER_SFTP = 2422;
    private static final int BALANCER_HTTPS = 2443;
    /** The test's clients connect from this loopback address, which no other test uses (the defender remembers). */
    private static final String CLIENT = "127.0.0.19";
    private static final long START_LIMIT_SECONDS = 240;

    private static Path work;
    private static Path trustAnchor;
    /** Trusting the city's authority; taken before the first member may be killed (RunningGateway asks it then). */
    private static javax.net.ssl.SSLContext tls;
    private static Member first;
    private static Member second;
    private static Process balancer;
    private static Gateway gateway;
    /** A console session opened through the balancer on each member: its cookies, by HAProxy's name of the member. */
    private static final Map<String, String> CONSOLE_COOKIES = new HashMap<>();

    /** One gateway process started by ./sekisho, with its own data directory and ports. */
    record Member(String name, Path dataDir, int httpPort, int httpsPort, int sftpPort, Process launcher, long pid) {

        /** Whether a client's connection to this member's SFTP port is open now (in this network namespace). */
        boolean servesSftp() {
            String port = String.format(":%04X", sftpPort);
            try (Stream<String> lines = Stream.concat(Files.readAllLines(Path.of("/proc/net/tcp")).stream(),
                    Files.readAllLines(Path.of("/proc/net/tcp6")).stream())) {
                return lines.map(line -> line.trim().split("\\s+"))
                        .anyMatch(fields -> fields.length > 3 && fields[1].endsWith(port) && fields[3].equals("01"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeAll
    static void startTheCluster() throws Exception {
        URL firstBase = RunningGateway.base();
        trustAnchor = RunningGateway.trustAnchor();
        tls = Https.context();
        Path firstData = Gateway.DATA_DIR.toAbsolutePath();
        first = new Member("member1", firstData, RunningGateway.probeBase().getPort(), firstBase.getPort(),
                Gateway.SFTP_PORT, null, RunningGateway.pid());
        work = firstData.resolveSibling("it-cluster");
        FreshEnvironment.deleteRecursively(work);
        Files.createDirectories(work);
        // A second member presents the same keys: copied from the first, as docs/deploy/cluster.md says.
        copyTree(firstData.resolve("keys"), work.resolve("member2").resolve("keys"));
        second = start("member2", 2680, 2643, 2622);
        balancer = startBalancer();
        gateway = new Gateway(URI.create("https://" + BALANCER + ":" + BALANCER_HTTPS + "/").toURL(), tls,
                Gateway.DATA_DIR.resolve("demo"));
    }

    @AfterAll
    static void stopTheCluster() throws InterruptedException {
        for (Process process : new Process[] {balancer, second == null ? null : second.launcher()}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        if (second != null) {
            ProcessHandle.of(second.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Order(1)
    void theBalancerNamesEachClientAndTheMembersCountThatClient() {
        long before = gateway.lastSeq();
        Processes.Result listed = sftp("benefits", work, "ls /");
        assertTrue(listed.succeeded(), listed.output());
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        Processes.Result wrong = Processes.run((String) null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--interface", CLIENT, "--cacert", trustAnchor.toString(), "-H", "Content-Type: application/json",
                "-d", "{\"login\":\"" + stranger + "\",\"password\":\"not-the-password\",\"totp\":\"000000\"}",
                "https://" + BALANCER + ":" + BALANCER_HTTPS + "/api/sessions");
        assertEquals("401", wrong.output().strip(), wrong.output());
        List<JsonObject> events = gateway.eventsAfter(before);
        assertTrue(events.stream().anyMatch(event -> "SSH_LOGIN".equals(event.getString("action"))
                && event.getString("client", "").startsWith(CLIENT + " port ")),
                "the SFTP login is recorded with the client's address, not the balancer's: " + events);
        assertTrue(events.stream().anyMatch(event -> !"SSH_LOGIN".equals(event.getString("action"))
                && event.getString("client", "").startsWith(CLIENT)),
                "the failed API login is recorded with the client's address: " + events);
        assertFalse(events.stream().anyMatch(event -> event.getString("client", "").startsWith(BALANCER_SOURCE)),
                "nothing is recorded as the balancer's");
    }

    @Test
    @Order(2)
    void theBalancerKeepsAConsoleSessionOnTheMemberThatOpenedIt() throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(tls).build();
        URI login = URI.create("https://" + BALANCER + ":" + BALANCER_HTTPS + "/console/login.xhtml");
        for (int opening = 0; opening < 6 && CONSOLE_COOKIES.size() < 2; opening++) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(login).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            List<String> cookies = page.headers().allValues("Set-Cookie").stream()
                    .map(cookie -> cookie.substring(0, cookie.indexOf(';'))).toList();
            String member = cookies.stream().filter(cookie -> cookie.startsWith("SEKISHO_MEMBER=")).findFirst()
                    .orElseThrow(() -> new AssertionError("HAProxy names the member in a cookie: " + cookies))
                    .substring("SEKISHO_MEMBER=".length());
            CONSOLE_COOKIES.putIfAbsent(member, String.join("; ", cookies));
        }
        assertEquals(Set.of("member1", "member2"), CONSOLE_COOKIES.keySet(), "sessions are spread over both members");
        for (Map.Entry<String, String> session : CONSOLE_COOKIES.entrySet()) {
            HttpResponse<String> again = browser.send(HttpRequest.newBuilder(login).header("Cookie",
                    session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(), again.headers().allValues("Set-Cookie"),
                    "the browser comes back to the member that holds its session (" + session.getKey() + ")");
        }
    }

    @Test
    @Order(3)
    void aTotpCodeCountsOnceInTheWholeCluster() throws Exception {
        JsonObject auditor = Gateway.official("auditor");
        String code = Gateway.freshTotp("auditor");
        String body = Json.createObjectBuilder().add("login", "auditor").add("password", auditor.getString("password"))
                .add("totp", code).build().toString();
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        int onFirst = post(client, URI.create("https://127.0.0.1:" + first.httpsPort() + "/api/sessions"), body);
        int onSecond = post(client, URI.create("https://127.0.0.1:" + second.httpsPort() + "/api/sessions"), body);
        assertEquals(201, onFirst, "the code logs in on one member");
        assertNotEquals(201, onSecond, "the same code is spent on the other member too");
    }

    @Test
    @Order(4)
    void anUploadCutByAKilledMemberIsRetriedOnTheOtherAndTheBatchIsDelivered() throws Exception {
        String batch = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        Path csv = TestFiles.csv(work, "residents.csv", 1_500_000);
        assertTrue(sftp("benefits", work, "mkdir " + folder).succeeded());

        // At 80 Mbit/s the upload takes seconds, long enough to kill its member in the middle.
        Process upload = sftpInBackground("benefits", work, List.of("-l", "80000"),
                "put residents.csv " + folder + "/residents.csv");
        Member receiving = awaitReceivingMember(upload);
        Gateway.sleepUntil(Instant.now().plusSeconds(2));
        assertTrue(upload.isAlive(), "the upload was still streaming when its member was killed");
        Processes.run((String) null, "kill", "-9", String.valueOf(receiving.pid()));
        assertTrue(upload.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, upload.exitValue(), "the client saw its upload fail");

        Processes.Result listing = sftp("benefits", work, "ls -l " + folder);
        assertTrue(listing.succeeded(), "the other member serves at once: " + listing.output());
        assertFalse(listing.output().contains("residents.csv"), "nothing half-written is visible: " + listing.output());
        // The other member takes up the dead member's upload at its next sweep (every 5 s): until then a retry is
        // told the name is still being received, as a script retrying every few seconds would be.
        Instant retryUntil = Instant.now().plusSeconds(20);
        Processes.Result retried = sftp("benefits", work, "put residents.csv " + folder + "/residents.csv");
        while (!retried.succeeded() && Instant.now().isBefore(retryUntil)) {
            Gateway.sleepUntil(Instant.now().plusSeconds(2));
            retried = sftp("benefits", work, "put residents.csv " + folder + "/residents.csv");
        }
        assertTrue(retried.succeeded(), "the client's retry succeeds on the other member: " + retried.output());

        String id = gateway.batchId(batch);
        JsonObject file = gateway.batch(id).getJsonArray("files").getValuesAs(JsonObject.class).stream()
                .filter(each -> each.getString("name").equals("residents.csv")).findFirst().orElseThrow();
        assertEquals(TestFiles.sha256(csv), file.getString("sha256"));
        assertEquals(1_500_000, file.getJsonNumber("records").longValue());
        gateway.submitAndApprove(id);

        Path received = Files.createDirectories(work.resolve("received"));
        Processes.Result pulled = sftp("callcenter", received, "get " + folder + "/residents.csv.p7m");
        assertTrue(pulled.succeeded(), pulled.output());
        Processes.Result opened = Processes.run((String) null, "openssl", "cms", "-decrypt", "-binary", "-inform",
                "DER", "-in", received.resolve("residents.csv.p7m").toString(), "-inkey",
                Gateway.demoFile("callcenter-recipient-key.pem").toString(), "-out",
                received.resolve("residents.csv").toString());
        assertTrue(opened.succeeded(), opened.output());
        assertEquals(TestFiles.sha256(csv), TestFiles.sha256(received.resolve("residents.csv")),
                "the recipient opens exactly what was pushed");

        List<JsonObject> events = gateway.eventsAfter(0);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getJsonNumber("seq").longValue(),
                    "one audit chain, written by both members, with no gap and no fork");
        }
        assertTrue(events.stream().anyMatch(event -> "UNRECORDED_OBJECT_DELETED".equals(event.getString("action"))
                && event.getString("subject", "").contains(batch)),
                "the killed member's partial upload was taken up, recorded and deleted: " + events.subList(
                        Math.max(0, events.size() - 30), events.size()));
    }

    @Test
    @Order(5)
    void anOfficialWhoseMemberStoppedIsToldToLogInAgain() throws Exception {
        String killed = ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false) ? "member2"
                : "member1";
        HttpClient browser = HttpClient.newBuilder().sslContext(tls).build();
        URI page = URI.create("https://" + BALANCER + ":" + BALANCER_HTTPS + "/console/index.xhtml");
        HttpResponse<String> sent = browser.send(HttpRequest.newBuilder(page).header("Cookie",
                CONSOLE_COOKIES.get(killed)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, sent.statusCode(), sent.body());
        String location = sent.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/console/login.xhtml?ended=true"), location);
        HttpResponse<String> told = browser.send(HttpRequest.newBuilder(page.resolve(location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, told.statusCode());
        assertTrue(told.body().contains("このセッションを受け持っていたゲートウェイのサーバーが停止しました"),
                "said in Japanese on the login page: " + told.body());
    }

    @Test
    @Order(6)
    void everyLiveMemberListensOnExactlyItsConfiguredSockets() {
        for (Member member : new Member[] {first, second}) {
            if (!ProcessHandle.of(member.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            assertEquals(Set.of("tcp 127.0.0.1:" + member.httpPort(), "tcp 127.0.0.1:" + member.httpsPort(),
                    "tcp 127.0.0.1:" + member.sftpPort()), ListeningSockets.of(member.pid()),
                    member.name() + ": HTTP, HTTPS and SFTP on loopback, nothing else (no data grid, no UDP)");
        }
    }

    /** The second member, started by ./sekisho as an operator would, on the first member's database and storage. */
    private static Member start(String name, int httpPort, int httpsPort, int sftpPort) throws IOException {
        Path dataDir = work.resolve(name);
        Files.createDirectories(dataDir);
        Map<String, String> environment = new HashMap<>();
        environment.put("SEKISHO_BUNDLE", System.getProperty("sekisho.test.bundle"));
        environment.put("SEKISHO_DATA_DIR", dataDir.toString());
        environment.put("SEKISHO_STORAGE_DIR", first.dataDir().resolve("storage").toString());
        environment.put("SEKISHO_MEMBER", name);
        environment.put("SEKISHO_HTTP_PORT", String.valueOf(httpPort));
        environment.put("SEKISHO_HTTPS_PORT", String.valueOf(httpsPort));
        environment.put("SEKISHO_SFTP_PORT", String.valueOf(sftpPort));
        CityCertificates city = CityCertificates.in(first.dataDir().resolveSibling(first.dataDir().getFileName()
                + "-city-pki"));
        environment.put("SEKISHO_TLS_CERT", city.chain().toString());
        environment.put("SEKISHO_TLS_KEY", city.key().toString());
        environment.put("SEKISHO_PUBLIC_ADDRESS", "https://" + BALANCER + ":" + BALANCER_HTTPS);
        environment.put("SEKISHO_BALANCERS", BALANCER_SOURCE);
        environment.put("SEKISHO_DB_URL", System.getProperty("sekisho.test.db.url"));
        environment.put("SEKISHO_DB_USER", System.getProperty("sekisho.test.db.appRole"));
        environment.put("SEKISHO_DB_OWNER_USER", System.getProperty("sekisho.test.db.ownerRole"));
        // As the first member's: the demo officials count days in Tokyo whatever the machine's zone.
        environment.put("SEKISHO_JAVA_OPTS", "-Xmx768m -Duser.timezone=Pacific/Honolulu");
        Path repository = Path.of(System.getProperty("sekisho.test.repository"));
        ProcessBuilder builder = new ProcessBuilder("bash", repository.resolve("sekisho").toString(), "start")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + "-launcher.log").toFile());
        builder.environment().putAll(environment);
        Process launcher = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::destroyForcibly));
        Instant deadline = Instant.now().plusSeconds(START_LIMIT_SECONDS);
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
        while (status(ready) != 200) {
            if (!launcher.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not start; " + work.resolve(name + "-launcher.log")
                        + ":\n" + read(work.resolve(name + "-launcher.log")));
            }
            Gateway.sleepUntil(Instant.now().plusMillis(500));
        }
        // The gateway's own process, not the launcher's: what a SIGKILL and the socket listing are aimed at.
        long pid = Long.parseLong(Files.readString(dataDir.resolve("run").resolve("gateway.pid")).strip());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.of(pid)
                .ifPresent(ProcessHandle::destroyForcibly)));
        return new Member(name, dataDir, httpPort, httpsPort, sftpPort, launcher, pid);
    }

    /** HAProxy with docs/deploy/haproxy.cfg as it is, and the variables docs/deploy/balancer.env lists. */
    private static Process startBalancer() throws IOException {
        CityCertificates city = CityCertificates.in(first.dataDir().resolveSibling(first.dataDir().getFileName()
                + "-city-pki"));
        Path pem = work.resolve("balancer.pem");
        Files.writeString(pem, Files.readString(city.chain()) + Files.readString(city.key()));
        Map<String, String> environment = new HashMap<>();
        environment.put("SEKISHO_BALANCER_SOURCE", BALANCER_SOURCE);
        environment.put("SEKISHO_BALANCER_SFTP", BALANCER + ":" + BALANCER_SFTP);
        environment.put("SEKISHO_BALANCER_HTTPS", BALANCER + ":" + BALANCER_HTTPS);
        environment.put("SEKISHO_BALANCER_PEM", pem.toString());
        environment.put("SEKISHO_MEMBER_CA", city.root().toString());
        environment.put("SEKISHO_MEMBER1_SFTP", "127.0.0.1:" + first.sftpPort());
        environment.put("SEKISHO_MEMBER1_HOST", "127.0.0.1");
        environment.put("SEKISHO_MEMBER1_HTTPS_PORT", String.valueOf(first.httpsPort()));
        environment.put("SEKISHO_MEMBER2_SFTP", "127.0.0.1:" + second.sftpPort());
        environment.put("SEKISHO_MEMBER2_HOST", "127.0.0.1");
        environment.put("SEKISHO_MEMBER2_HTTPS_PORT", String.valueOf(second.httpsPort()));
        Path config = Path.of(System.getProperty("sekisho.test.repository"), "docs", "deploy", "haproxy.cfg");
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        // Both members count as up after two health checks a second apart.
        URI ready = URI.create("https://" + BALANCER + ":" + BALANCER_HTTPS + "/health/ready");
        Instant deadline = Instant.now().plusSeconds(30);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        while (status(client, ready) != 200 && Instant.now().isBefore(deadline)) {
            Gateway.sleepUntil(Instant.now().plusMillis(250));
        }
        assertTrue(process.isAlive(), "HAProxy runs: " + read(work.resolve("haproxy.log")));
        Gateway.sleepUntil(Instant.now().plusSeconds(3));
        return process;
    }

    private static Member awaitReceivingMember(Process upload) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && upload.isAlive()) {
            for (Member member : new Member[] {first, second}) {
                if (member.servesSftp()) {
                    return member;
                }
            }
            Gateway.sleepUntil(Instant.now().plusMillis(100));
        }
        throw new AssertionError("no member received the upload");
    }

    private static List<String> sftpCommand(String account, List<String> options) {
        List<String> command = new ArrayList<>(List.of("sftp", "-b", "-", "-i",
                Gateway.demoFile(account + "_ed25519").toString(), "-P",
                String.valueOf(BALANCER_SFTP), "-o", "StrictHostKeyChecking=yes", "-o",
                "UserKnownHostsFile=" + knownHosts(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                "BindAddress=" + CLIENT));
        command.addAll(options);
        command.add(account + "@" + BALANCER);
        return command;
    }

    private static Processes.Result sftp(String account, Path directory, String... commands) {
        return Processes.run(directory, String.join("\n", commands) + "\n", sftpCommand(account, List.of()));
    }

    private static Process sftpInBackground(String account, Path directory, List<String> options, String commands)
            throws IOException {
        Path script = work.resolve("upload.batch");
        Files.writeString(script, commands + "\n");
        List<String> command = sftpCommand(account, options);
        command.set(2, script.toString());
        return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("upload.log").toFile()).start();
    }

    /** The members' shared host keys, under the balancer's address: what a client behind it trusts. */
    private static Path knownHosts() {
        try {
            Path file = work.resolve("known_hosts");
            StringBuilder lines = new StringBuilder();
            for (String key : new String[] {"ssh_host_ed25519_key.pub", "ssh_host_ecdsa_key.pub"}) {
                lines.append("[").append(BALANCER).append("]:").append(BALANCER_SFTP).append(' ')
                        .append(Files.readString(first.dataDir().resolve("keys").resolve(key)).strip()).append('\n');
            }
            Files.writeString(file, lines.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int post(HttpClient client, URI uri, String json) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int status(URI uri) {
        return status(HttpClient.newHttpClient(), uri);
    }

    private static int status(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
