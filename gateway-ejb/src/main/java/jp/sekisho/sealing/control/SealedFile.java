package jp.sekisho.sealing.control;

import java.util.Objects;

/**
 * What the gateway learned about a file while sealing it: the figures that go into the manifest.
 *
 * @param size      plaintext size in bytes
 * @param sha256Hex SHA-256 of the plaintext, lower-case hex
 * @param records   lines in the file, not counting a CSV/TSV header line
 */
public record SealedFile(long size, String sha256Hex, long records) {

    public SealedFile {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (size < 0 || records < 0) {
            throw new IllegalArgumentException("size and records cannot be negative");
        }
    }
}
