package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenSSH {@code sftp} client, as a source or destination system runs it: its registered key, the gateway's
 * host key pinned in known_hosts (strict checking), batch mode.
 */
final class Sftp {

    private final String account;
    private final Path key;
    private final Path workDirectory;

    Sftp(String account, Path key, Path workDirectory) {
        this.account = account;
        this.key = key;
        this.workDirectory = workDirectory;
    }

    static Sftp as(String account, Path workDirectory) {
        return new Sftp(account, Gateway.demoFile(account + "_ed25519"), workDirectory);
    }

    /** Runs the commands; the first failing one stops the batch (prefix a command with '-' to go on). */
    Processes.Result run(String... commands) {
        return run(List.of(), commands);
    }

    Processes.Result run(List<String> options, String... commands) {
        List<String> command = new ArrayList<>(List.of("sftp", "-b", "-", "-i", key.toString(), "-P",
                String.valueOf(Gateway.SFTP_PORT), "-o", "StrictHostKeyChecking=yes", "-o",
                "UserKnownHostsFile=" + knownHosts(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"));
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        command.add(account + "@127.0.0.1");
        return Processes.run(workDirectory, String.join("\n", commands) + "\n", command);
    }

    static Path knownHosts() {
        try {
            Path file = Gateway.DATA_DIR.resolve("test-known_hosts");
            StringBuilder lines = new StringBuilder();
            for (String key : new String[] {"ssh_host_ed25519_key.pub", "ssh_host_ecdsa_key.pub"}) {
                lines.append("[127.0.0.1]:").append(Gateway.SFTP_PORT).append(' ')
                        .append(Files.readString(Gateway.DATA_DIR.resolve("keys").resolve(key)).trim()).append('\n');
            }
            Files.writeString(file, lines.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
