package jp.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class MetricsTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void admitsExactlyTheConfiguredToken() {
        MetricsToken token = MetricsToken.parse("key", Optional.of(TOKEN)).orElseThrow();
        assertTrue(token.matches(TOKEN));
        assertFalse(token.matches(TOKEN + "0"));
        assertFalse(token.matches(TOKEN.substring(1)));
        assertFalse(token.matches(null));
    }

    @Test
    void noTokenMeansNobodyReadsMetrics() {
        assertTrue(MetricsToken.parse("key", Optional.empty()).isEmpty());
        assertTrue(MetricsToken.parse("key", Optional.of("  ")).isEmpty());
    }

    @Test
    void refusesAGuessableToken() {
        assertThrows(IllegalStateException.class, () -> MetricsToken.parse("key", Optional.of("secret")));
    }

    @Test
    void neverPrintsTheToken() {
        assertFalse(MetricsToken.parse("key", Optional.of(TOKEN)).orElseThrow().toString().contains(TOKEN));
    }
}
