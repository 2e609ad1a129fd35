package jp.sekisho.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the real tools (ssh-keygen, openssl) that users will point at what the gateway produces. */
public final class Processes {

    private Processes() {
    }

    /** Skips the calling test when {@code tool} is not installed in /usr/bin. */
    public static Path requireTool(String tool) {
        Path path = Path.of("/usr/bin", tool);
        Assumptions.assumeTrue(Files.isExecutable(path), tool + " is not installed");
        return path;
    }

    /** What a command that may fail on purpose did: its exit code and its output (stderr folded in). */
    public record Outcome(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs the command in {@code directory} (null: this process's) with {@code environment} added, and returns what
     * it did without judging it: for scripts whose refusals are under test.
     */
    public static Outcome attempt(Map<String, String> environment, Path directory, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "timed out: " + String.join(" ", command));
        return new Outcome(process.exitValue(), output);
    }

    /** Runs the command, asserts that it succeeded, and returns its standard output (stderr is folded in). */
    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed: " + output);
        return output;
    }
}
