package jp.sekisho.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
