package jp.sekisho.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import jp.sekisho.keys.AuthorizedKey;

/**
 * Real SFTP clients of a gateway, as the machines on its channels run them, with the gateway's host keys pinned:
 * OpenSSH's {@code sftp} in batch mode, curl's and lftp's {@code sftp://}, and Apache MINA SSHD's client for what a
 * script does by hand (writes at chosen offsets, a dropped connection).
 */
final class GatewaySftp {

    /** What {@code sftp} printed and how it exited. */
    record Result(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** What the tool printed, without the commands that batch mode echoes back. */
        String printed() {
            return output.lines().filter(line -> !line.startsWith("sftp>")).collect(Collectors.joining("\n"));
        }

        long lines(String containing) {
            return printed().lines().filter(line -> line.contains(containing)).count();
        }
    }

    private final Path dataDirectory;
    private final int port;

    GatewaySftp(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static GatewaySftp of(InJvmGateway gateway) {
        return new GatewaySftp(gateway.dataDirectory, gateway.port());
    }

    /**
     * Runs OpenSSH's {@code sftp} as the account; a failing command stops the batch unless prefixed with '-'. The key
     * exchange is X25519: the file rules do not depend on it, and the post-quantum ones OpenSSH prefers cost a second
     * per connection in a JVM the JIT has not warmed ({@link SftpLoginTest} checks the algorithms themselves).
     */
    Result openssh(String account, Path workDirectory, String... commands) {
        return openssh(account, accountKey(account), workDirectory, List.of("KexAlgorithms=curve25519-sha256"),
                commands);
    }

    Result openssh(String account, Path key, Path workDirectory, List<String> options, String... commands) {
        return openssh(account, key, workDirectory, options, List.of(), commands);
    }

    /** With more arguments for {@code sftp} itself ({@code -i} of more keys, say). */
    Result openssh(String account, Path key, Path workDirectory, List<String> options, List<String> arguments,
            String... commands) {
        List<String> command = new ArrayList<>(List.of("sftp", "-b", "-", "-i", key.toString(), "-P",
                String.valueOf(port), "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"));
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        command.addAll(arguments);
        command.add(account + "@127.0.0.1");
        try {
            ProcessBuilder sftp = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectErrorStream(true);
            // It prints names that are not ASCII as octal escapes unless its locale is UTF-8.
            sftp.environment().put("LC_ALL", "C.UTF-8");
            Process process = sftp.start();
            process.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            return finish(process, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result finish(Process process, List<String> command) throws IOException {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("did not finish: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A path of the tree in a URL: each name's UTF-8 bytes percent-encoded, as curl expects them. */
    private static String urlPath(String path) {
        StringBuilder url = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0);
            url.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return url.toString();
    }

    /**
     * Runs curl's {@code sftp://} (libcurl over libssh2, as PHP's SFTP is) as the account, with the host keys pinned
     * in the known_hosts of a home of its own; {@code arguments} come before the URL of {@code path}.
     */
    Result curl(String account, Path workDirectory, String path, String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--key",
                accountKey(account).toString(), "--pubkey", accountKey(account) + ".pub"));
        command.addAll(List.of(arguments));
        command.add("sftp://" + account + "@127.0.0.1:" + port + urlPath(path));
        try {
            Path home = Files.createDirectories(workDirectory.resolve(".curl-home").resolve(".ssh"));
            Files.copy(knownHosts(), home.resolve("known_hosts"), StandardCopyOption.REPLACE_EXISTING);
            ProcessBuilder curl = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectErrorStream(true);
            curl.environment().put("HOME", home.getParent().toString());
            return finish(curl.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs lftp's {@code sftp://} (over OpenSSH's {@code ssh}, X25519 as in {@link #openssh}) as the account; a failing
     * command ends the script. Of the clients here it is one that shows the server's sentence for a refusal.
     */
    Result lftp(String account, Path workDirectory, String... commands) {
        String ssh = "ssh -a -x -i " + accountKey(account) + " -o StrictHostKeyChecking=yes -o UserKnownHostsFile="
                + knownHosts() + " -o IdentitiesOnly=yes -o BatchMode=yes -o KexAlgorithms=curve25519-sha256";
        String script = "set sftp:connect-program \"" + ssh + "\"; set cmd:fail-exit yes; set net:max-retries 1; "
                + "open -u " + account + ", sftp://127.0.0.1:" + port + "; " + String.join("; ", commands);
        List<String> command = List.of("lftp", "-c", script);
        try {
            ProcessBuilder lftp = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectErrorStream(true);
            lftp.environment().put("LC_ALL", "C.UTF-8");
            return finish(lftp.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MINA's client, logged in as the account with its registered key, over X25519 (see {@link #openssh}). */
    Session mina(String account) throws IOException {
        return mina(account, accountKey(account), client -> client.setKeyExchangeFactories(
                NamedFactory.setUpTransformedFactories(false, List.of(BuiltinDHFactories.curve25519),
                        ClientBuilder.DH2KEX)));
    }

    /** As a script that changed its client's settings (algorithms, say) before connecting. */
    Session mina(String account, Path privateKey, Consumer<SshClient> settings) throws IOException {
        Set<String> hostKeys = hostKeyFingerprints();
        SshClient client = SshClient.setUpDefaultClient();
        settings.accept(client);
        client.setServerKeyVerifier((session, address, serverKey) ->
                hostKeys.contains(KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey)));
        client.start();
        try {
            ClientSession session = client.connect(account, "127.0.0.1", port).verify(Duration.ofSeconds(15))
                    .getSession();
            session.addPublicKeyIdentity(keyPair(privateKey));
            session.auth().verify(Duration.ofSeconds(15));
            return new Session(client, session, SftpClientFactory.instance().createSftpClient(session));
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    Path accountKey(String account) {
        return dataDirectory.resolve("demo").resolve(account + "_ed25519");
    }

    /** One logged-in MINA session. */
    static final class Session implements AutoCloseable {

        private final SshClient client;
        private final ClientSession session;
        private final SftpClient sftp;

        Session(SshClient client, ClientSession session, SftpClient sftp) {
            this.client = client;
            this.session = session;
            this.sftp = sftp;
        }

        SftpClient sftp() {
            return sftp;
        }

        String negotiated(KexProposalOption option) {
            return session.getNegotiatedKexParameter(option);
        }

        boolean open() {
            return session.isOpen();
        }

        /** Drops the connection without closing open handles, as a crashed client or a cut network would. */
        void dropConnection() throws IOException {
            session.close(true);
            client.stop();
        }

        /** The names in a folder, as the client lists them. */
        List<String> names(String folder) throws IOException {
            List<String> names = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
                names.add(entry.getFilename());
            }
            return names;
        }

        @Override
        public void close() throws IOException {
            try {
                sftp.close();
            } finally {
                session.close();
                client.stop();
            }
        }
    }

    private Path knownHosts() {
        Path file = dataDirectory.resolve("known_hosts");
        StringBuilder lines = new StringBuilder();
        try {
            for (Path key : hostKeyFiles()) {
                lines.append("[127.0.0.1]:").append(port).append(' ').append(Files.readString(key).trim())
                        .append('\n');
            }
            Files.writeString(file, lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private Set<String> hostKeyFingerprints() throws IOException {
        Set<String> fingerprints = new HashSet<>();
        for (Path key : hostKeyFiles()) {
            fingerprints.add(AuthorizedKey.parse(Files.readString(key)).fingerprint());
        }
        return fingerprints;
    }

    private List<Path> hostKeyFiles() {
        return List.of(dataDirectory.resolve("keys").resolve("ssh_host_ed25519_key.pub"),
                dataDirectory.resolve("keys").resolve("ssh_host_ecdsa_key.pub"));
    }

    private static KeyPair keyPair(Path privateKeyFile) throws IOException {
        try (InputStream in = Files.newInputStream(privateKeyFile)) {
            return SecurityUtils.loadKeyPairIdentities(null, new PathResource(privateKeyFile), in, null).iterator()
                    .next();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
