package jp.sekisho.transfer.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A path a client sends names the same thing however it was written: dots, slashes, Unicode form. */
class VirtualPathTest {

    @Test
    void dotsAndSlashesNeverLeaveTheTree() {
        assertEquals("/benefit-notices/2025-04/data.csv",
                VirtualPath.of("//benefit-notices/./x/../2025-04/data.csv").toString());
        assertTrue(VirtualPath.of("/../../..").isRoot());
    }

    @Test
    void aNameSentDecomposedIsTheNameKeptInNfc() {
        VirtualPath decomposed = VirtualPath.of("/benefit-notices/2025-04/テ\u3099ータ_住民基本台帳.csv");

        assertEquals(VirtualPath.of("/benefit-notices/2025-04/データ_住民基本台帳.csv"), decomposed);
        assertEquals("データ_住民基本台帳.csv", decomposed.fileName());
        assertTrue(decomposed.isFileInBatch());
    }
}
