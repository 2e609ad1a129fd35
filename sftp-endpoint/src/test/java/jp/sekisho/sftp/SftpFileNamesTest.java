package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.DeletionStatement;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.transfer.entity.BatchId;

/**
 * The file names people bring: Japanese ones travel from the source's upload through the listing, the manifest, the
 * destination's download and the deletion certificate unchanged, in NFC whatever form the client sent; a refused
 * name says which rule it broke.
 */
class SftpFileNamesTest {

    private static final String RESIDENTS = "住民基本台帳_2022.csv";
    private static final String DATA_NFC = "データ_2022.csv";
    /** デ as macOS sends it: テ followed by the combining voiced sound mark. */
    private static final String DATA_NFD = "テ\u3099ータ_2022.csv";

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void openSshUploadsAJapaneseNameThatTheManifestTheDestinationAndTheCertificateCarry() throws Exception {
        String batch = "ja-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + InJvmGateway.CHANNEL + "/" + batch;
        Uploads.csv(work, "local.csv", 4);

        GatewaySftp.Result pushed = clients.openssh("benefits", work, "mkdir " + folder,
                "put local.csv " + folder + "/" + RESIDENTS, "ls -1 " + folder);
        assertTrue(pushed.succeeded(), pushed.output());
        assertTrue(pushed.printed().lines().anyMatch(line -> line.endsWith("/" + RESIDENTS)), pushed.output());
        BatchId id = gateway.release(batch);

        GatewaySftp.Result pulled = clients.openssh("callcenter", work, "ls -1 " + folder,
                "get " + folder + "/manifest.json", "get " + folder + "/" + RESIDENTS + ".p7m sealed.p7m");
        assertTrue(pulled.succeeded(), pulled.output());
        assertTrue(pulled.printed().lines().anyMatch(line -> line.endsWith("/" + RESIDENTS + ".p7m")),
                pulled.output());
        byte[] released = Files.readAllBytes(work.resolve("manifest.json"));
        assertTrue(new String(released, StandardCharsets.UTF_8).contains(RESIDENTS), "UTF-8 text, not escapes");
        ReleasedManifest.ListedFile listed = ReleasedManifest.parse(released).files().get(0);
        assertEquals(RESIDENTS, listed.name());
        assertEquals(RESIDENTS + ".p7m", listed.sealedName());
        assertEquals(4, listed.records());
        assertEquals(listed.sealedSize(), Files.size(work.resolve("sealed.p7m")));

        String certificate = gateway.boundary(Retention.class).certificateOf(gateway.caller("auditor"), id)
                .orElseThrow().body();
        assertEquals(List.of(RESIDENTS), DeletionStatement.parse(certificate.getBytes(StandardCharsets.UTF_8))
                .files().stream().map(DeletionStatement.DeletedFile::name).toList());
    }

    @Test
    void aNameSentDecomposedFindsTheFileKeptInNfcAndIsNotASecondFile() throws Exception {
        String batch = "nfd-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + InJvmGateway.CHANNEL + "/" + batch;
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            SftpClient sftp = source.sftp();
            sftp.mkdir(folder);
            String content = "resident_id\n1\n2\n";
            upload(sftp, folder + "/" + DATA_NFC, content);

            assertEquals(List.of(DATA_NFC), files(source, folder));
            assertEquals(content.length(), sftp.stat(folder + "/" + DATA_NFD).getSize(),
                    "the decomposed form finds it");
            IOException again = assertThrows(IOException.class,
                    () -> upload(sftp, folder + "/" + DATA_NFD, "resident_id\n3\n"));
            assertTrue(again.getMessage().contains("A file of that name already exists in the batch"),
                    again.getMessage());
            IOException otherCase = assertThrows(IOException.class,
                    () -> upload(sftp, folder + "/" + DATA_NFC.replace(".csv", ".CSV"), "resident_id\n3\n"));
            assertTrue(otherCase.getMessage().contains("differing only in letter case"), otherCase.getMessage());
            assertEquals(List.of(DATA_NFC), files(source, folder));
        }
        gateway.release(batch);
        try (GatewaySftp.Session destination = clients.mina("callcenter")) {
            assertTrue(destination.names(folder).contains(DATA_NFC + ".p7m"));
            try (var in = destination.sftp().read(folder + "/" + DATA_NFD + ".p7m")) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        assertEquals(1, gateway.batch(gateway.batchNamed(batch)).files().get(0).completedDownloads(),
                "a download by the decomposed name counts for the file");
    }

    @Test
    void aRefusedNameSaysWhichRuleItBrokeAndIsAuditedOnce() throws Exception {
        String batch = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + InJvmGateway.CHANNEL + "/" + batch;
        List<String[]> refused = List.of(new String[] {"invoice\u202Etxt.csv", "invisible formatting characters"},
                new String[] {"CON.csv", "Windows device names"}, new String[] {"a:b.csv", "found ':' (U+003A)"},
                new String[] {"trailing.csv ", "must not end with '.' or a space"},
                new String[] {"住民.csv.p7m", "the gateway uses those names"});
        long head = gateway.auditHead();
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            source.sftp().mkdir(folder);
            for (String[] name : refused) {
                IOException refusal = assertThrows(IOException.class,
                        () -> upload(source.sftp(), folder + "/" + name[0], "x\n"));
                assertTrue(refusal.getMessage().contains(name[1]), refusal.getMessage());
            }
            assertEquals(List.of(), files(source, folder));
        }
        assertEquals(refused.size(), gateway.eventsAfter(head).stream()
                .filter(event -> event.record().action() == AuditAction.SFTP_OPERATION_REFUSED)
                .filter(event -> event.record().detail().equals("write: invalid-file-name")).count());
    }

    @Test
    void aNameSentInShiftJisIsRefusedAsNotUtf8() throws Exception {
        String folder = "/" + InJvmGateway.CHANNEL + "/sjis-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewaySftp.Session source = clients.mina("benefits")) {
            source.sftp().mkdir(folder);
            source.sftp().setNameDecodingCharset(Charset.forName("Shift_JIS"));
            IOException refusal = assertThrows(IOException.class,
                    () -> upload(source.sftp(), folder + "/" + RESIDENTS, "x\n"));
            assertTrue(refusal.getMessage().contains("must be sent in UTF-8"), refusal.getMessage());
        }
    }

    private static void upload(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> files(GatewaySftp.Session session, String folder) throws IOException {
        return session.names(folder).stream().filter(name -> !name.equals(".") && !name.equals("..")).toList();
    }
}
