package jp.sekisho.identity.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jp.sekisho.shared.Refused;

class PasswordsTest {

    @Test
    void generatedPasswordsAreLongUnambiguousAndDifferent() {
        String first = Passwords.generate();
        assertEquals(20, first.length());
        assertTrue(first.matches("[a-km-np-zA-HJ-NP-Z2-9]{20}"), first);
        assertNotEquals(first, Passwords.generate());
    }

    @Test
    void anOwnPasswordIsLongAndNeitherTheInitialOneNorTheLogin() {
        String initial = Passwords.generate();
        String initialHash = PasswordHasher.hash(initial.toCharArray());

        assertEquals("password-too-short", refusal("short", initialHash, "tanaka"));
        assertEquals("password-not-new", refusal(initial, initialHash, "tanaka"));
        assertEquals("password-not-new", refusal("Tanaka.Ichiro", initialHash, "tanaka.ichiro"));
        assertDoesNotThrow(() -> Passwords.requireAcceptable("correct horse battery".toCharArray(), initialHash,
                "tanaka"));
    }

    private static String refusal(String chosen, String currentHash, String login) {
        return assertThrows(Refused.class, () -> Passwords.requireAcceptable(chosen.toCharArray(), currentHash, login))
                .reason();
    }
}
