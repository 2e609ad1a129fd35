package jp.sekisho.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Salted, slow, self-describing password hashes. Each hash costs about a quarter second, so they are shared. */
class PasswordHasherTest {

    private static final String PASSWORD = "correct horse 馬 battery staple";

    private static String stored;

    @BeforeAll
    static void hashOnce() {
        stored = PasswordHasher.hash(PASSWORD.toCharArray());
    }

    @Test
    void matchesItsOwnHash() {
        assertTrue(PasswordHasher.matches(PASSWORD.toCharArray(), stored));
    }

    @Test
    void rejectsAWrongPassword() {
        assertFalse(PasswordHasher.matches("correct horse 馬 battery stapler".toCharArray(), stored));
        assertFalse(PasswordHasher.matches("Correct horse 馬 battery staple".toCharArray(), stored));
        assertFalse(PasswordHasher.matches(new char[0], stored));
    }

    @Test
    void twoHashesOfOnePasswordDiffer() {
        String again = PasswordHasher.hash(PASSWORD.toCharArray());

        assertNotEquals(stored, again);
        assertNotEquals(stored.split("\\$")[2], again.split("\\$")[2], "each hash has its own salt");
        assertTrue(PasswordHasher.matches(PASSWORD.toCharArray(), again));
    }

    @Test
    void storedFormNamesAlgorithmAndCost() {
        String[] parts = stored.split("\\$");

        assertEquals(4, parts.length, stored);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("600000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length, "128-bit salt");
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length, "256-bit derived key");
    }

    @Test
    void aHashOfAnotherAlgorithmNeverMatches() {
        String relabelled = stored.replaceFirst("^pbkdf2-sha256", "argon2id");

        assertFalse(PasswordHasher.matches(PASSWORD.toCharArray(), relabelled));
        assertFalse(PasswordHasher.matches(PASSWORD.toCharArray(), "not a stored hash"));
        assertFalse(PasswordHasher.matches(PASSWORD.toCharArray(), ""));
    }

    @Test
    void theUnmatchableFormCostsWhatARealHashCostsAndMatchesNoPassword() {
        String[] real = stored.split("\\$");
        String[] unmatchable = PasswordHasher.unmatchable().split("\\$");

        assertEquals(real[0] + "$" + real[1], unmatchable[0] + "$" + unmatchable[1], "same algorithm and cost");
        assertEquals(real[2].length(), unmatchable[2].length(), "a salt of the same size");
        assertEquals(real[3].length(), unmatchable[3].length(), "a key of the same size");
        for (String password : new String[] {PASSWORD, "", "no official has this password"}) {
            assertFalse(PasswordHasher.matches(password.toCharArray(), PasswordHasher.unmatchable()), password);
        }
    }
}
