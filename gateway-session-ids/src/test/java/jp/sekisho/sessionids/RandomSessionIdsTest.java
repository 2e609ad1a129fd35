package jp.sekisho.sessionids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class RandomSessionIdsTest {

    private final RandomSessionIds ids = new RandomSessionIds();

    @Test
    void anIdIs256BitsInHex() {
        String id = ids.generateUuid(new Object());
        assertEquals(64, id.length());
        assertTrue(id.matches("[0-9a-f]{64}"), id);
    }

    @Test
    void idsShareNoStructure() {
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            issued.add(ids.generateUuid());
        }
        assertEquals(issued.size(), new HashSet<>(issued).size(), "every id is new");
        // A clock-based prefix shows up as one leading digit for nearly all ids issued within a second.
        long sameFirstDigit = issued.stream().filter(id -> id.charAt(0) == issued.get(0).charAt(0)).count();
        assertTrue(sameFirstDigit < 150, "about 1 in 16 ids start alike, not " + sameFirstDigit + " of 1000");
    }
}
