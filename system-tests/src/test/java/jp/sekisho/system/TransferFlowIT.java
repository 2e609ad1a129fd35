package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The spine, end to end, with the tools a city and a call center would use: OpenSSH {@code sftp} pushes, two officials
 * co-sign over the API with password and TOTP, the call center pulls and opens the files with {@code openssl}, and
 * nothing of the batch remains on the gateway afterwards.
 */
class TransferFlowIT extends GatewayIT {

    @Test
    void aPushedBatchReachesTheDestinationOnlyAfterTwoApprovalsAndIsGoneAfterTheDownload() throws Exception {
        Gateway gateway = gateway();
        String batch = "refresh-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        Path csv = TestFiles.csv(work, "residents.csv", 1000);
        Path binary = TestFiles.binary(work, "ledger.bin", 2 * 1024 * 1024 + 17);

        Processes.Result pushed = Sftp.as("benefits", work).run("mkdir " + folder, "put residents.csv " + folder
                + "/residents.csv", "put ledger.bin " + folder + "/ledger.bin", "ls -l " + folder);
        assertTrue(pushed.succeeded(), pushed.output());
        assertTrue(pushed.printed().contains("residents.csv") && pushed.printed().contains("ledger.bin"), pushed.output());
        assertFalse(destinationSees(batch), "the destination must not see a batch before it is available");

        String id = gateway.batchId(batch);
        JsonObject uploaded = gateway.batch(id);
        assertEquals("UPLOADING", uploaded.getString("state"));
        JsonObject csvEntry = fileEntry(uploaded, "residents.csv");
        assertEquals(TestFiles.sha256(csv), csvEntry.getString("sha256"));
        assertEquals(1000, csvEntry.getJsonNumber("records").longValue(), "records exclude the CSV header line");
        assertEquals(Files.size(binary), fileEntry(uploaded, "ledger.bin").getJsonNumber("size").longValue());

        Gateway.Reply submitted = gateway.submit(id, "コールセンターの給付金データ更新");
        assertEquals(200, submitted.status(), submitted.toString());
        String digest = submitted.field("manifestDigest");
        Processes.Result lateWrite = Sftp.as("benefits", work).run("put residents.csv " + folder + "/more.csv");
        assertFalse(lateWrite.succeeded(), "a submitted batch is frozen: " + lateWrite.output());
        assertFalse(Sftp.as("benefits", work).run("ls /" + Gateway.DEMO_CHANNEL).printed().contains(batch),
                "a submitted batch leaves the source's view");

        Gateway.Reply first = gateway.decide("approver1", id, "APPROVE", digest, null);
        assertEquals(200, first.status(), first.toString());
        assertEquals("AWAITING_APPROVAL", gateway.batch(id).getString("state"));
        assertFalse(destinationSees(batch), "one approval is not enough");
        Gateway.Reply second = gateway.decide("approver2", id, "APPROVE", digest, null);
        assertEquals(200, second.status(), second.toString());
        assertEquals("AVAILABLE", gateway.batch(id).getString("state"));
        assertTrue(destinationSees(batch));

        Path received = Files.createDirectories(work.resolve("received"));
        Processes.Result pulled = Sftp.as("callcenter", received).run("get " + folder + "/manifest.json",
                "get " + folder + "/manifest.json.p7s", "get " + folder + "/residents.csv.p7m",
                "get " + folder + "/ledger.bin.p7m");
        assertTrue(pulled.succeeded(), pulled.output());

        Path gatewayCertificate = work.resolve("gateway.pem");
        Files.writeString(gatewayCertificate, gateway.raw("GET", "gateway/certificate", null, null).body());
        Processes.Result verified = Processes.run((String) null, "openssl", "cms", "-verify", "-binary", "-inform",
                "DER", "-in", received.resolve("manifest.json.p7s").toString(), "-content",
                received.resolve("manifest.json").toString(), "-CAfile", gatewayCertificate.toString(), "-purpose",
                "any", "-out", work.resolve("verified.json").toString());
        assertTrue(verified.succeeded() && verified.output().contains("Verification successful"),
                "openssl verifies the gateway's signature: " + verified.output());
        Path tampered = work.resolve("tampered.json");
        Files.writeString(tampered, Files.readString(received.resolve("manifest.json")).replace("approver2", "approver3"));
        assertFalse(Processes.run((String) null, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                received.resolve("manifest.json.p7s").toString(), "-content", tampered.toString(), "-CAfile",
                gatewayCertificate.toString(), "-purpose", "any", "-out", work.resolve("t.json").toString())
                .succeeded(), "a changed manifest fails verification");
        JsonObject released = Json.createReader(Files.newBufferedReader(received.resolve("manifest.json")))
                .readObject();
        String manifest = released.getString("manifest");
        assertEquals(digest, released.getString("manifestDigest"));
        assertEquals(digest, TestFiles.sha256(manifest), "the released manifest holds the exact bytes approvers signed");
        assertEquals(List.of("approver1", "approver2"), released.getJsonArray("approvals")
                .getValuesAs(JsonObject.class).stream().map(approval -> approval.getString("approver")).toList());
        for (Path original : new Path[] {csv, binary}) {
            Path opened = received.resolve(original.getFileName() + ".opened");
            Processes.Result decrypted = TestFiles.opensslDecrypt(received.resolve(original.getFileName() + ".p7m"),
                    opened);
            assertTrue(decrypted.succeeded(), decrypted.output());
            assertEquals(-1L, Files.mismatch(original, opened), "openssl gives back the uploaded bytes");
            assertTrue(manifest.contains("\"sha256\":\"" + TestFiles.sha256(original) + "\""));
        }

        Gateway.eventually(Duration.ofSeconds(15), "the delivered batch is purged", () -> {
            JsonObject state = gateway.batch(id);
            return "DELIVERED".equals(state.getString("state")) && !state.isNull("purgedAt");
        });
        assertFalse(Files.exists(Gateway.storageOf(id)), "no ciphertext of the batch remains on the gateway");
        Processes.Result afterDelivery = Sftp.as("callcenter", work).run("ls " + folder);
        assertTrue(afterDelivery.succeeded(), "the folder stays for the receipt: " + afterDelivery.output());
        assertFalse(afterDelivery.printed().contains(".p7m"), "no sealed file is left to pull: " + afterDelivery.output());
        assertTrue(afterDelivery.printed().contains("manifest.json"), afterDelivery.output());
        Gateway.Reply certificate = gateway.call("GET", "batches/" + id + "/deletion-certificate",
                gateway.token("auditor"), null);
        assertEquals(200, certificate.status());
        assertEquals(digest, certificate.field("manifestDigest"));
        assertEquals(2, certificate.json().getJsonArray("files").size());
        assertTrue(gateway.batch(id).getJsonObject("deletionCertificate").getBoolean("signedByGateway"));
        // The certificate's exact bytes and the gateway's signature over them, checked by openssl as anyone can.
        String api = base.toString().replaceAll("/$", "") + "/api/batches/" + id + "/deletion-certificate";
        Path body = work.resolve("deletion-certificate.json");
        Path signature = work.resolve("deletion-certificate.p7s");
        String bearer = "Authorization: Bearer " + gateway.token("auditor");
        String trusted = RunningGateway.trustAnchor().toString();
        assertTrue(Processes.run((String) null, "curl", "-sf", "--cacert", trusted, "-H", bearer,
                "-o", body.toString(), api).succeeded());
        assertTrue(Processes.run((String) null, "curl", "-sf", "--cacert", trusted, "-H", bearer,
                "-o", signature.toString(), api + "/signature").succeeded());
        Processes.Result signed = Processes.run((String) null, "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", signature.toString(), "-content", body.toString(), "-CAfile", gatewayCertificate.toString(),
                "-purpose", "any", "-out", "/dev/null");
        assertTrue(signed.succeeded() && signed.output().contains("Verification successful"), signed.output());
        Files.writeString(body, Files.readString(body).replace("\"files\"", "\"filez\""));
        assertFalse(Processes.run((String) null, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                signature.toString(), "-content", body.toString(), "-CAfile", gatewayCertificate.toString(), "-purpose",
                "any", "-out", "/dev/null").succeeded(), "an edited certificate no longer verifies");
        assertTrue(gateway.call("GET", "audit/verification", gateway.token("auditor"), null).json()
                .getBoolean("intact"));
    }

    @Test
    void aJavaScriptUsingTheMinaSshdClientPushesAndPullsTheSameWay() throws Exception {
        Gateway gateway = gateway();
        String batch = "mina-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        byte[] extract = Files.readAllBytes(TestFiles.csv(work, "extract.csv", 250));
        try (MinaSftp source = MinaSftp.connect("benefits")) {
            source.sftp().mkdir(folder);
            try (java.io.OutputStream out = source.sftp().write(folder + "/extract.csv")) {
                out.write(extract);
            }
        }
        String id = gateway.batchId(batch);
        String digest = gateway.submitAndApprove(id, "approver3", "approver4");

        Path sealed = work.resolve("extract.csv.p7m");
        try (MinaSftp destination = MinaSftp.connect("callcenter");
                java.io.InputStream in = destination.sftp().read(folder + "/extract.csv.p7m")) {
            Files.copy(in, sealed);
        }
        Path opened = work.resolve("extract.opened.csv");
        assertTrue(TestFiles.opensslDecrypt(sealed, opened).succeeded());
        assertEquals(-1L, Files.mismatch(work.resolve("extract.csv"), opened));
        Gateway.eventually(Duration.ofSeconds(15), "delivered and purged", () -> {
            JsonObject state = gateway.batch(id);
            return "DELIVERED".equals(state.getString("state")) && !state.isNull("purgedAt");
        });
        assertEquals(digest, gateway.batch(id).getString("manifestDigest"));
    }

    @Test
    void theGatewayReportsReadyOnlyWithItsSftpEndpointListeningAndItsDatabaseReachable() throws Exception {
        java.net.http.HttpResponse<String> ready = Https.client().send(
                java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"sftp\":\"listening\"") && ready.body().contains("\"database\":\"reachable\""),
                ready.body());
    }

    private boolean destinationSees(String batch) {
        Processes.Result listing = Sftp.as("callcenter", work).run("ls /" + Gateway.DEMO_CHANNEL);
        assertTrue(listing.succeeded(), listing.output());
        return listing.printed().contains(batch);
    }

    private static JsonObject fileEntry(JsonObject batch, String name) {
        return batch.getJsonArray("files").getValuesAs(JsonObject.class).stream()
                .filter(file -> file.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + name + " in " + batch));
    }
}
