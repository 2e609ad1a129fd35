package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The call center's side with the gateway's own recipient tool: pull a batch over SFTP, open it with
 * {@code sekisho-cli open} (and see it refuse every kind of tampering), then sign a receipt and put it back into
 * the batch folder, where the gateway verifies it and records it with the batch.
 */
class RecipientToolIT extends GatewayIT {

    private static final Path CLI = Path.of(System.getProperty("sekisho.test.cli", "../gateway-cli/target/sekisho-cli.jar"));

    @Test
    void theRecipientOpensAPulledBatchRefusesTamperingAndConfirmsReceipt() throws Exception {
        Gateway gateway = gateway();
        String batch = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + Gateway.DEMO_CHANNEL + "/" + batch;
        Path csv = TestFiles.csv(work, "residents.csv", 2000);
        Path binary = TestFiles.binary(work, "ledger.bin", 3 * 1024 * 1024 + 5);
        assertTrue(Sftp.as("benefits", work).run("mkdir " + folder, "put residents.csv " + folder + "/residents.csv",
                "put ledger.bin " + folder + "/ledger.bin").succeeded());
        String id = gateway.batchId(batch);
        gateway.submitAndApprove(id);

        Path pulled = Files.createDirectories(work.resolve("pulled"));
        Processes.Result get = Sftp.as("callcenter", pulled).run("get " + folder + "/*");
        assertTrue(get.succeeded(), get.output());
        Gateway.eventually(Duration.ofSeconds(15), "the delivered batch is purged",
                () -> !gateway.batch(id).isNull("purgedAt"));

        Path gatewayCertificate = Files.writeString(work.resolve("gateway.pem"),
                gateway.raw("GET", "gateway/certificate", null, null).body());
        Path opened = work.resolve("opened");
        Processes.Result open = cli("open", pulled, opened, gatewayCertificate, Gateway.demoFile(
                "callcenter-recipient-key.pem"), Gateway.demoFile("callcenter-recipient-cert.pem"));
        assertEquals(0, open.exitCode(), open.output());
        assertEquals(-1L, Files.mismatch(csv, opened.resolve("residents.csv")));
        assertEquals(-1L, Files.mismatch(binary, opened.resolve("ledger.bin")));
        assertTrue(open.output().contains("residents.csv: verified, ") && open.output().contains("2,000 records"),
                open.output());

        assertRefused(tampered(pulled, "changed-byte", copy -> flipByte(copy.resolve("ledger.bin.p7m"), 100_000)),
                gatewayCertificate, "ledger.bin.p7m: its SHA-256 is");
        assertRefused(tampered(pulled, "changed-manifest", copy -> Files.writeString(copy.resolve("manifest.json"),
                Files.readString(copy.resolve("manifest.json")).replace("\\\"records\\\":2000",
                        "\\\"records\\\":1999"))),
                gatewayCertificate, "manifest.json.p7s: the gateway's signature over manifest.json is not valid");
        assertRefused(tampered(pulled, "approval-removed", copy -> Files.writeString(copy.resolve("manifest.json"),
                withoutSecondApproval(Files.readString(copy.resolve("manifest.json"))))),
                gatewayCertificate, "the gateway's signature over manifest.json is not valid");
        // Even re-signed with the gateway's own key (an intruder on the gateway could), one approval is not enough.
        assertRefused(tampered(pulled, "approval-removed-re-signed", copy -> {
            Files.writeString(copy.resolve("manifest.json"),
                    withoutSecondApproval(Files.readString(copy.resolve("manifest.json"))));
            Path keys = Gateway.DATA_DIR.resolve("keys");
            assertTrue(Processes.run((String) null, "openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in",
                    copy.resolve("manifest.json").toString(), "-signer",
                    keys.resolve("gateway-signing-cert.pem").toString(), "-inkey",
                    keys.resolve("gateway-signing-key.pem").toString(), "-out",
                    copy.resolve("manifest.json.p7s").toString()).succeeded());
        }), gatewayCertificate, "1 distinct approval(s) of this manifest [approver1], but 2 are required");
        Path strangerKey = work.resolve("stranger-key.pem");
        Path strangerCertificate = work.resolve("stranger-cert.pem");
        assertTrue(Processes.run((String) null, "openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-subj",
                "/CN=Another contractor", "-days", "1", "-keyout", strangerKey.toString(), "-out",
                strangerCertificate.toString()).succeeded());
        Processes.Result wrongKey = cli("open", pulled, work.resolve("wrong-key"), gatewayCertificate, strangerKey,
                strangerCertificate);
        assertEquals(1, wrongKey.exitCode(), wrongKey.output());
        assertTrue(wrongKey.output().contains("is not sealed to the certificate \"CN=Another contractor\""),
                wrongKey.output());

        // A receipt signed by someone else, or for another batch, is refused and changes nothing.
        Processes.Result foreign = Processes.run((String) null, "java", "-jar", CLI.toString(), "receipt",
                pulled.toString(), "--key", strangerKey.toString(), "--cert", strangerCertificate.toString(),
                "--out", work.resolve("foreign.p7s").toString());
        assertEquals(1, foreign.exitCode(), "the stranger cannot even decrypt: " + foreign.output());
        Path forgedReceipt = work.resolve("forged-receipt.p7s");
        Path receiptContent = Files.writeString(work.resolve("receipt.json"), "{\"format\":\"sekisho-receipt/1\","
                + "\"batchId\":\"" + id + "\",\"manifestDigest\":\"" + gateway.batch(id).getString("manifestDigest")
                + "\",\"files\":[],\"verifiedAt\":\"2026-11-22T00:00:00Z\"}");
        assertTrue(Processes.run((String) null, "openssl", "cms", "-sign", "-binary", "-nodetach", "-outform", "DER",
                "-in", receiptContent.toString(), "-signer", strangerCertificate.toString(), "-inkey",
                strangerKey.toString(), "-out", forgedReceipt.toString()).succeeded());
        Processes.Result refusedPut = Sftp.as("callcenter", work).run("put " + forgedReceipt + " " + folder
                + "/receipt.p7s");
        assertFalse(refusedPut.succeeded(), refusedPut.output());
        assertTrue(gateway.batch(id).isNull("receipt"));

        Processes.Result receipt = Processes.run((String) null, "java", "-jar", CLI.toString(), "receipt",
                pulled.toString(), "--key", Gateway.demoFile("callcenter-recipient-key.pem").toString(), "--cert",
                Gateway.demoFile("callcenter-recipient-cert.pem").toString(), "--gateway-cert",
                gatewayCertificate.toString());
        assertEquals(0, receipt.exitCode(), receipt.output());
        Processes.Result put = Sftp.as("callcenter", pulled).run("put receipt.p7s " + folder + "/receipt.p7s");
        assertTrue(put.succeeded(), put.output());

        JsonObject recorded = gateway.batch(id);
        assertFalse(recorded.isNull("receipt"), recorded.toString());
        assertEquals(TestFiles.sha256(pulled.resolve("receipt.p7s")),
                recorded.getJsonObject("receipt").getString("sha256"));
        List<String> actions = new ArrayList<>();
        for (JsonObject event : gateway.call("GET", "audit?batch=" + id, gateway.token("auditor"), null).json()
                .getJsonArray("events").getValuesAs(JsonObject.class)) {
            actions.add(event.getString("action"));
        }
        assertTrue(actions.contains("RECEIPT_REFUSED") && actions.contains("RECEIPT_RECORDED"), actions.toString());
        Processes.Result again = Sftp.as("callcenter", pulled).run("put receipt.p7s " + folder + "/receipt.p7s");
        assertFalse(again.succeeded(), "a batch keeps its first verified receipt: " + again.output());
    }

    private void assertRefused(Path batchFolder, Path gatewayCertificate, String expected) {
        Path out = work.resolve(batchFolder.getFileName() + "-out");
        Processes.Result result = cli("open", batchFolder, out, gatewayCertificate,
                Gateway.demoFile("callcenter-recipient-key.pem"), Gateway.demoFile("callcenter-recipient-cert.pem"));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains(expected), result.output());
        assertFalse(Files.exists(out.resolve("residents.csv")) || Files.exists(out.resolve("ledger.bin")),
                "nothing is written from a refused batch");
    }

    private static Processes.Result cli(String command, Path batchFolder, Path out, Path gatewayCertificate, Path key,
            Path certificate) {
        return Processes.run((String) null, "java", "-jar", CLI.toString(), command, batchFolder.toString(), "--key",
                key.toString(), "--cert", certificate.toString(), "--gateway-cert", gatewayCertificate.toString(),
                "--out", out.toString());
    }

    private Path tampered(Path pulled, String name, Tampering tampering) throws Exception {
        Path copy = Files.createDirectories(work.resolve(name));
        try (var files = Files.list(pulled)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        tampering.apply(copy);
        return copy;
    }

    private static String withoutSecondApproval(String released) {
        int second = released.indexOf("{\"approver\":\"approver2\"");
        assertTrue(second > 0, released);
        int end = released.indexOf('}', second);
        return released.substring(0, second - 1) + released.substring(end + 1);
    }

    private static void flipByte(Path file, int offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x01;
        Files.write(file, bytes);
    }

    @FunctionalInterface
    private interface Tampering {
        void apply(Path copy) throws Exception;
    }
}
