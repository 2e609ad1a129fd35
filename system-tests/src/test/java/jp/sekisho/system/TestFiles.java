package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Data a benefits server would push: a CSV extract with a header line, and an opaque binary. */
final class TestFiles {

    private TestFiles() {
    }

    static Path csv(Path directory, String name, int records) {
        StringBuilder csv = new StringBuilder("resident_id,name,benefit_yen\n");
        for (int i = 1; i <= records; i++) {
            csv.append(i).append(",住民").append(i).append(',').append(i * 1000).append('\n');
        }
        return write(directory.resolve(name), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Path binary(Path directory, String name, int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return write(directory.resolve(name), data);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a sealed file the way the README tells a recipient to: with openssl and the call center's key. */
    static Processes.Result opensslDecrypt(Path sealed, Path plaintextOut) {
        return Processes.run((String) null, "openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in",
                sealed.toString(), "-inkey", Gateway.demoFile("callcenter-recipient-key.pem").toString(), "-recip",
                Gateway.demoFile("callcenter-recipient-cert.pem").toString(), "-out", plaintextOut.toString());
    }

    private static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
