package jp.sekisho.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import jp.sekisho.gateway.boundary.GatewayResources;

/**
 * The core's shape as docs/architecture.md draws it, checked on the compiled classes: features depend on each other
 * in one direction only, the core knows no protocol, one clock, and classes small enough to read.
 */
class CoreShapeTest {

    /** A class may be longer only if its own comment says why, in a sentence that starts like this. */
    static final String LENGTH_REASON = "Longer than " + SourceSizes.MAX_LINES + " lines because";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("jp.sekisho");

    @Test
    void noTwoFeaturesImportEachOther() {
        slices().matching("jp.sekisho.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theCoreImportsNoProtocolOrWebType() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..", "jakarta.ws.rs..",
                "jakarta.faces..", "jakarta.servlet..").check(CORE);
    }

    @Test
    void onlyTheGatewayClockReadsTheSystemClock() {
        noClasses().that().doNotBelongToAnyOf(GatewayResources.class).and()
                .resideOutsideOfPackages("jp.sekisho.shared..", "jp.sekisho.keys..", "jp.sekisho.formats..").should()
                .callMethod(Clock.class, "systemUTC").orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(Instant.class, "now").orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now").orShould().callMethod(ZonedDateTime.class, "now")
                .because("every deadline and timestamp comes from the injected Clock, so tests choose the moment")
                .check(CORE);
    }

    @Test
    void noClassOfTheCoreIsLongerThan300LinesWithoutSayingWhy() throws IOException {
        assertEquals(List.of(), SourceSizes.tooLong(Path.of("src/main/java"), LENGTH_REASON));
    }

    /** Line counts of source files, and the ones that are too long without a reason written in them. */
    static final class SourceSizes {

        static final int MAX_LINES = 300;

        static List<String> tooLong(Path sources, String reason) throws IOException {
            try (Stream<Path> files = Files.walk(sources)) {
                return files.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                    try {
                        List<String> lines = Files.readAllLines(file);
                        return lines.size() > MAX_LINES && lines.stream().noneMatch(line -> line.contains(reason));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).map(file -> sources.relativize(file) + " (" + lineCount(file) + " lines)").sorted().toList();
            }
        }

        private static long lineCount(Path file) {
            try (Stream<String> lines = Files.lines(file)) {
                return lines.count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
