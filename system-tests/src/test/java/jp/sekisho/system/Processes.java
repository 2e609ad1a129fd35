package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line tools users run: sftp, ssh-keygen, openssl, oathtool. */
final class Processes {

    private Processes() {
    }

    record Result(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** What the tool printed, without the commands that sftp's batch mode echoes back. */
        String printed() {
            return output.lines().filter(line -> !line.startsWith("sftp>"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    static Result run(String stdin, String... command) {
        return run(null, stdin, List.of(command));
    }

    static Result run(Path directory, String stdin, String... command) {
        return run(directory, stdin, List.of(command));
    }

    static Result run(Path directory, String stdin, List<String> command) {
        return run(java.util.Map.of(), directory, stdin, command);
    }

    /** With {@code environment} added to this process's environment (for secrets a tool must not take as arguments). */
    static Result run(java.util.Map<String, String> environment, Path directory, String stdin, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
