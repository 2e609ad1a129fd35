package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Batches as the benefits server pushes them, with OpenSSH's {@code sftp}. */
final class Uploads {

    private Uploads() {
    }

    /** A CSV with a header line and {@code records} records. */
    static Path csv(Path directory, String name, int records) {
        StringBuilder text = new StringBuilder("resident_id,name,benefit_yen\n");
        for (int record = 1; record <= records; record++) {
            text.append(record).append(",山田,").append(1000 * record).append('\n');
        }
        try {
            return Files.writeString(directory.resolve(name), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new batch of the demo channel with one uploaded CSV of three records ({@code data.csv}); its folder. */
    static String newBatch(InJvmGateway gateway, GatewaySftp clients, Path work, String prefix) {
        csv(work, "data.csv", 3);
        String folder = "/" + InJvmGateway.CHANNEL + "/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        GatewaySftp.Result created = clients.openssh("benefits", work, "mkdir " + folder,
                "put data.csv " + folder + "/data.csv");
        assertTrue(created.succeeded(), created.output());
        return folder;
    }
}
