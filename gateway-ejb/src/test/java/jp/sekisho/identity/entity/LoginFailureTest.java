package jp.sekisho.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginFailureTest {

    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void theFifthFailureWithinTheWindowLocksForFifteenMinutes() {
        LoginFailure failure = new LoginFailure("sato", START);
        for (int minute = 0; minute < 4; minute++) {
            failure.count(START.plusSeconds(60L * minute), 5, java.time.Duration.ofMinutes(15));
            assertFalse(failure.lockedAt(START.plusSeconds(60L * minute)));
        }
        Instant fifth = START.plusSeconds(240);
        failure.count(fifth, 5, java.time.Duration.ofMinutes(15));

        assertTrue(failure.lockedAt(fifth));
        assertTrue(failure.lockedAt(fifth.plusSeconds(14 * 60)));
        assertFalse(failure.lockedAt(fifth.plusSeconds(15 * 60)));
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        LoginFailure failure = new LoginFailure("sato", START);
        for (int attempt = 0; attempt < 4; attempt++) {
            failure.count(START, 5, java.time.Duration.ofMinutes(15));
        }
        Instant later = START.plusSeconds(16 * 60);
        failure.count(later, 5, java.time.Duration.ofMinutes(15));

        assertEquals(1, failure.failures());
        assertFalse(failure.lockedAt(later));
    }

    @Test
    void failuresWhileLockedDoNotExtendTheLock() {
        LoginFailure failure = new LoginFailure("sato", START);
        for (int attempt = 0; attempt < 5; attempt++) {
            failure.count(START, 5, java.time.Duration.ofMinutes(15));
        }
        Instant lockedUntil = failure.lockedUntil();
        failure.count(START.plusSeconds(600), 5, java.time.Duration.ofMinutes(15));

        assertEquals(lockedUntil, failure.lockedUntil());
    }
}
