package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every periodic job of the gateway (retention every 5 s, the chain watch every 10 s, the defender's report of ended
 * windows every minute) runs on each supported database without failing. A sweep that fails only logs a warning and
 * tries again, so a query one database rejects would otherwise go unseen for as long as the gateway runs: the
 * defender's locked, limited query did on H2, the embedded default, and no window was ever reported there.
 */
class SweepsIT extends GatewayIT {

    /** What {@code DatabaseWatch.turnOf} logs, after each sweep's own words, when a turn failed. */
    private static final String TURN_FAILED = "failed; it runs again";

    @Test
    void noSweepFailsAfterEachHasRunAtLeastOnce() throws Exception {
        // The slowest, the defender's, runs at the start of every minute: 62 s after the gateway answered it has.
        Duration waited = Duration.ofSeconds(62).minus(RunningGateway.sinceReady());
        if (!waited.isNegative()) {
            Gateway.sleepUntil(Instant.now().plus(waited));
        }
        List<String> failures = Files.readAllLines(RunningGateway.log(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(TURN_FAILED)).toList();
        assertEquals(List.of(), failures, "sweeps that failed (details in " + RunningGateway.log() + ")");
    }
}
