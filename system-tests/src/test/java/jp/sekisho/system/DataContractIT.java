package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Minimum data: a channel's data contract refuses, while the file streams, any file the contract does not allow;
 * the source sees why, the requester sees it with the batch, and approvers see the columns that leave.
 */
class DataContractIT extends GatewayIT {

    @Test
    void filesOutsideTheChannelsContractAreRefusedWithTheirReasonAndApproversSeeTheColumns() throws Exception {
        Gateway gateway = gateway();
        String channel = contractedChannel(gateway);
        String batch = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + channel + "/" + batch;
        TestFiles.csv(work, "ok.csv", 80);
        TestFiles.csv(work, "second.csv", 80);
        TestFiles.csv(work, "too-many.csv", 101);
        Files.writeString(work.resolve("notes.txt"), "not a CSV\n");
        Files.writeString(work.resolve("mynumber.csv"), "resident_id,name,my_number\n1,山田,123456789012\n");

        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir " + folder, "-put notes.txt " + folder
                + "/notes.txt", "-put mynumber.csv " + folder + "/mynumber.csv", "-put too-many.csv " + folder
                + "/too-many.csv", "put ok.csv " + folder + "/ok.csv", "-put second.csv " + folder + "/second.csv",
                "ls " + folder);
        assertEquals(4, pushed.printed().lines().filter(line -> line.contains("Permission denied")).count(),
                pushed.output());
        List<String> listed = Sftp.as("benefits", work).run("ls -1 " + folder).printed().lines().toList();
        assertEquals(List.of(folder + "/ok.csv"), listed.stream().map(String::trim).filter(line -> !line.isEmpty())
                .toList());

        try (MinaSftp client = MinaSftp.connect("benefits")) {
            IOException refused = assertThrows(IOException.class, () -> {
                try (OutputStream out = client.sftp().write(folder + "/again.csv")) {
                    out.write("resident_id,name,my_number\n".getBytes(StandardCharsets.UTF_8));
                }
            });
            assertTrue(refused.getMessage().contains("my_number"),
                    "the client is told which column was refused: " + refused.getMessage());
        }

        String id = gateway.batchId(batch);
        JsonObject detail = gateway.call("GET", "batches/" + id, gateway.token("requester"), null).json();
        assertEquals(1, detail.getJsonArray("files").size());
        List<String> reasons = detail.getJsonArray("refusedFiles").getValuesAs(JsonObject.class).stream()
                .map(refusal -> refusal.getString("reason")).toList();
        for (String rule : new String[] {"contract-file-name", "contract-csv-columns", "contract-max-records-per-file",
            "contract-max-records-per-batch"}) {
            assertTrue(reasons.stream().anyMatch(reason -> reason.contains(rule)), rule + " in " + reasons);
        }

        assertEquals(200, gateway.submit(id, "契約どおりの項目のみ").status());
        String manifest = gateway.call("GET", "batches/" + id + "/manifest", gateway.token("approver1"), null).body();
        assertTrue(manifest.contains("\"columns\":[\"resident_id\",\"name\",\"benefit_yen\"]"), manifest);
        assertFalse(manifest.contains("my_number"));
    }

    private String contractedChannel(Gateway gateway) throws IOException {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        Gateway.Reply created = gateway.call("POST", "channels", gateway.token("admin"), Gateway.demoLikeChannel(name)
                .add("dataContract", Json.createObjectBuilder()
                        .add("fileNamePatterns", Json.createArrayBuilder().add("*.csv"))
                        .add("csvColumns", Json.createArrayBuilder().add("resident_id").add("name").add("benefit_yen"))
                        .add("maxRecordsPerFile", 100).add("maxRecordsPerBatch", 150).add("maxFiles", 5)
                        .add("maxBytesPerFile", 1_000_000))
                .build());
        assertEquals(201, created.status(), created.body());
        assertTrue(created.body().contains("\"maxRecordsPerBatch\":150"), created.body());
        return name;
    }
}
