package jp.sekisho.sealing.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.sekisho.keys.SelfSignedCredentials;

/** A file is sealed only to a certificate that is valid now: an expired recipient cannot be sealed to. */
class RecipientValidityTest {

    private final SelfSignedCredentials recipient = SelfSignedCredentials.generateEc("Call center", "P-256");

    @Test
    void aCurrentCertificateIsAccepted() {
        assertDoesNotThrow(() -> new Sealer(List.of(recipient.certificate()), Instant.now()));
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsValidity() {
        Instant afterExpiry = recipient.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Sealer(List.of(recipient.certificate()), afterExpiry));
        assertTrue(refused.getMessage().contains("is not valid now"), refused.getMessage());
    }

    @Test
    void aCertificateNotYetValidIsRefused() {
        Instant beforeValidity = recipient.certificate().getNotBefore().toInstant().minus(Duration.ofDays(1));
        assertThrows(IllegalArgumentException.class, () -> new Sealer(List.of(recipient.certificate()),
                beforeValidity));
    }
}
