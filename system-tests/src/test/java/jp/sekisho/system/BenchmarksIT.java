package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every benchmark script under {@code bench/} runs here at a small size, so that none rots unnoticed when the API,
 * the modules or the build change. The scripts are found by listing the directory; each declares, in its own
 * comment lines, how CI runs it:
 * <ul>
 * <li>{@code # CI: <arguments>} (exactly one): the arguments for CI, separated by spaces (no quoting), small enough
 * that the script takes seconds, not minutes;</li>
 * <li>{@code # CI expects: <regular expression>} (one or more): a line the run must print, found anywhere in its
 * output (stdout and stderr), e.g. the line of a figure.</li>
 * </ul>
 * A new script without them fails here, with the reason. Each script runs from the repository's root with
 * {@code SEKISHO_SKIP_BUILD=true}: it takes the bundle, jars, classes and classpath this {@code mvn verify} has just
 * built and never starts Maven. The test asserts exit status 0 and the expected lines, never a figure or a duration;
 * the output is copied to this test's output, so the figures are in the CI log.
 * <p>
 * Runs only in the PostgreSQL execution: {@code bench/audit-append.sh} needs the local PostgreSQL (its database is
 * {@code sekisho_bench}, not the tests' {@code sekisho_test}). The throughput benchmark starts its own demo gateway
 * (embedded H2) and sshd on its own ports (18481, 18443, 2422 and 2522); the outage benchmark its own demo gateway on
 * its own database {@code sekisho_outage_bench} and ports (18581, 18543, 2622); the start-time benchmark its own demo
 * gateway (embedded H2) on ports 18681, 18643 and 2722. All stay apart from the gateway under test, and nothing here
 * uses that one: the order of the test classes does not matter.
 */
class BenchmarksIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("sekisho.test.repository", ".."))
            .toAbsolutePath().normalize();
    private static final String ARGUMENTS = "# CI:";
    private static final String EXPECTS = "# CI expects:";
    /** Only against a hang: the scripts take seconds to a minute at their CI size. */
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TestFactory
    Stream<DynamicTest> everyBenchmarkRunsAtItsCiSize() throws IOException {
        // The H2 execution includes only *OnH2IT, but -Dit.test=BenchmarksIT selects this class in both executions.
        assumeTrue("postgresql".equals(System.getProperty("sekisho.test.db")),
                "the benchmarks run once, in the PostgreSQL execution");
        Path bench = REPOSITORY.resolve("bench");
        List<Path> scripts;
        try (Stream<Path> files = Files.list(bench)) {
            scripts = files.filter(file -> file.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "No benchmark scripts in " + bench);
        return scripts.stream().map(script -> DynamicTest.dynamicTest(name(script), () -> run(script)));
    }

    private static void run(Path script) throws IOException, InterruptedException {
        String name = name(script);
        Declaration declared = Declaration.of(script);
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(declared.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
        builder.environment().put("SEKISHO_SKIP_BUILD", "true");

        System.out.println("=== " + name + " " + String.join(" ", declared.arguments()));
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread copier = new Thread(() -> copy(process, name, output), "output of " + name);
        copier.setDaemon(true);
        copier.start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            stop(process);
            fail(name + " did not finish within " + LIMIT.toMinutes() + " minutes; its output so far:\n"
                    + printed(output));
        }
        // A background process of the script might keep the pipe open: the exit status is what counts.
        copier.join(TimeUnit.SECONDS.toMillis(10));
        System.out.printf("=== %s: exit status %d after %.0f s%n", name, process.exitValue(),
                (System.nanoTime() - start) / 1e9);

        String text = printed(output);
        assertEquals(0, process.exitValue(), name + " failed; its output:\n" + text);
        for (Pattern line : declared.expected()) {
            assertTrue(line.matcher(text).find(), name + " printed no line matching `" + line.pattern()
                    + "` (its " + EXPECTS + " line); its output:\n" + text);
        }
    }

    /** The script's arguments for CI and the lines it must print, from its comment lines. */
    private record Declaration(List<String> arguments, List<Pattern> expected) {

        static Declaration of(Path script) throws IOException {
            String name = name(script);
            List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
            List<String> argumentLines = lines.stream().filter(line -> line.startsWith(ARGUMENTS)).toList();
            if (argumentLines.size() != 1) {
                fail(name + (argumentLines.isEmpty() ? " declares no CI size" : " declares its CI size "
                        + argumentLines.size() + " times") + ": every benchmark under bench/ runs in CI (BenchmarksIT)"
                        + " and needs exactly one comment line `" + ARGUMENTS + " <arguments>` giving a size that "
                        + "takes seconds, and one or more `" + EXPECTS + " <regular expression>` lines it must print");
            }
            String declared = argumentLines.get(0).substring(ARGUMENTS.length()).strip();
            List<String> arguments = declared.isEmpty() ? List.of() : Arrays.asList(declared.split("\\s+"));
            List<Pattern> expected = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith(EXPECTS)) {
                    String regex = line.substring(EXPECTS.length()).strip();
                    try {
                        expected.add(Pattern.compile(regex, Pattern.MULTILINE));
                    } catch (PatternSyntaxException e) {
                        fail(name + ": `" + line + "` is not a regular expression: " + e.getMessage());
                    }
                }
            }
            if (expected.isEmpty()) {
                fail(name + " declares no `" + EXPECTS + " <regular expression>` line: say which lines (its "
                        + "figures) a run must print, so that BenchmarksIT can tell that it ran");
            }
            return new Declaration(arguments, expected);
        }
    }

    /** Copies the script's output, line by line as it comes, to this test's output and to {@code output}. */
    private static void copy(Process process, String name, StringBuilder output) {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println(name + " | " + line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String printed(StringBuilder output) {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Ends a script that hangs: SIGTERM first, so that its exit trap stops its sshd and gateway, then whatever of
     * its process tree is left.
     */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String name(Path script) {
        return REPOSITORY.relativize(script).toString();
    }
}
