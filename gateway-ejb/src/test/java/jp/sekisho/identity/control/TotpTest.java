package jp.sekisho.identity.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6238 codes as authenticator apps show them, counted once, with one step of clock skew. */
class TotpTest {

    /** RFC 6238 appendix B's SHA-1 secret, the ASCII bytes of "12345678901234567890", in Base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final Instant NOW = Instant.ofEpochSecond(1_111_111_111L);
    private static final long NOW_STEP = 1_111_111_111L / 30;

    @Test
    void theRfcSecretIsWrittenInBase32() {
        byte[] ascii = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

        assertEquals(RFC_SECRET, Base32.encode(ascii));
        assertArrayEquals(ascii, Base32.decode(RFC_SECRET));
        assertArrayEquals(ascii, Base32.decode("gezdgnbvgy3tqojq gezdgnbvgy3tqojq"), "case and spaces are ignored");
    }

    /** The RFC lists 8-digit codes; a 6-digit code is the last six digits of the same truncated value. */
    @ParameterizedTest(name = "at {0}s the code is {1}")
    @CsvSource({
        "59,         94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037"})
    void matchesTheRfc6238Sha1Vectors(long epochSecond, String rfcEightDigitCode) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        String expected = rfcEightDigitCode.substring(2);

        assertEquals(expected, Totp.codeAt(RFC_SECRET, Totp.stepAt(at)));
        assertEquals(OptionalLong.of(epochSecond / 30), Totp.verify(RFC_SECRET, expected, at, 0));
    }

    @Test
    void aCodeCountsOnlyOnce() {
        String code = Totp.codeAt(RFC_SECRET, NOW_STEP);

        OptionalLong first = Totp.verify(RFC_SECRET, code, NOW, 0);
        assertEquals(OptionalLong.of(NOW_STEP), first);

        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, code, NOW, first.getAsLong()));
        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, code, NOW.plusSeconds(5), first.getAsLong()));
    }

    @Test
    void anOlderCodeIsRefusedOnceANewerOneWasUsed() {
        String previous = Totp.codeAt(RFC_SECRET, NOW_STEP - 1);

        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, previous, NOW, NOW_STEP));
    }

    @Test
    void codesFromTheNextStepAreAcceptedForClockSkew() {
        String next = Totp.codeAt(RFC_SECRET, NOW_STEP + 1);
        String previous = Totp.codeAt(RFC_SECRET, NOW_STEP - 1);

        assertEquals(OptionalLong.of(NOW_STEP + 1), Totp.verify(RFC_SECRET, next, NOW, 0));
        assertEquals(OptionalLong.of(NOW_STEP - 1), Totp.verify(RFC_SECRET, previous, NOW, 0));
    }

    @Test
    void codesTwoStepsAwayAreRefused() {
        String twoAhead = Totp.codeAt(RFC_SECRET, NOW_STEP + 2);
        String twoBehind = Totp.codeAt(RFC_SECRET, NOW_STEP - 2);

        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, twoAhead, NOW, 0));
        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, twoBehind, NOW, 0));
    }

    @Test
    void aCodeForAnotherSecretIsRefused() {
        String otherSecret = Base32.encode("another 20-byte key!".getBytes(StandardCharsets.US_ASCII));
        String code = Totp.codeAt(otherSecret, NOW_STEP);

        assertNotEquals(code, Totp.codeAt(RFC_SECRET, NOW_STEP));
        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, code, NOW, 0));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "1234567", "14050471", "050 471", " 050471", "050471 ", "05047a", "abcdef",
            "٠٥٠٤٧١", "+50471", "-50471"})
    void malformedCodesAreRefused(String code) {
        assertEquals(OptionalLong.empty(), Totp.verify(RFC_SECRET, code, NOW, 0));
    }

    @Test
    void newSecretsAreRandom160BitKeys() {
        String one = Totp.newSecret();
        String two = Totp.newSecret();

        assertEquals(20, Base32.decode(one).length);
        assertEquals(32, one.length());
        assertNotEquals(one, two);
    }

    @Test
    void enrolmentUriTellsTheAppTheAlgorithmDigitsAndPeriod() {
        assertEquals("otpauth://totp/Sekisho:tanaka?secret=" + RFC_SECRET
                + "&issuer=Sekisho&algorithm=SHA1&digits=6&period=30",
                Totp.otpauthUri("Sekisho", "tanaka", RFC_SECRET));
    }

    /** Optional: cross-checks with oath-toolkit when it is installed. */
    @Test
    void agreesWithOathtool() throws IOException, InterruptedException {
        Path oathtool = Path.of("/usr/bin/oathtool");
        Assumptions.assumeTrue(Files.isExecutable(oathtool), "oathtool is not installed");
        for (long epochSecond : new long[] {59L, 1_111_111_111L, 2_000_000_000L}) {
            Process process = new ProcessBuilder(oathtool.toString(), "--totp", "-b", RFC_SECRET, "--now",
                    "@" + epochSecond).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertEquals(output, Totp.codeAt(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(epochSecond))));
        }
    }
}
