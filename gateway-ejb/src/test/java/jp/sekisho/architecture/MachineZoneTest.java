package jp.sekisho.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No test of any module reads a date or time in the machine's zone: officials count days in their own zone, so a test
 * that types "today" in the machine's zone fails whenever the two dates differ (for Tokyo and UTC, 15:00 to 24:00).
 * The test JVMs also run far from Tokyo (see the surefire and failsafe settings), so that such a mistake shows.
 */
class MachineZoneTest {

    /** Calls whose answer depends on the zone of the machine running the test. */
    private static final Pattern MACHINE_ZONE = Pattern.compile("\\b(LocalDate|LocalDateTime|LocalTime|ZonedDateTime"
            + "|OffsetDateTime|Year|YearMonth)\\.now\\(\\)|ZoneId\\.systemDefault\\(\\)|TimeZone\\.getDefault\\(\\)"
            + "|Clock\\.systemDefaultZone\\(\\)|new Date\\(\\)");

    @Test
    void noTestReadsTheDateOrTimeInTheMachinesZone() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path tests : modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(tests)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .filter(file -> !file.getFileName().toString().equals("MachineZoneTest.java"))
                            .forEach(file -> found.addAll(uses(repository, file)));
                }
            }
        }
        assertEquals(List.of(), found, "take the date in the official's zone, e.g. LocalDate.now(zone)");
    }

    private static List<String> uses(Path repository, Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> uses = new ArrayList<>();
            for (int line = 0; line < lines.size(); line++) {
                if (MACHINE_ZONE.matcher(lines.get(line)).find()) {
                    uses.add(repository.relativize(file) + ":" + (line + 1) + ": " + lines.get(line).trim());
                }
            }
            return uses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
