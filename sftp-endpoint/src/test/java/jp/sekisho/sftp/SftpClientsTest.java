package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.transfer.boundary.BatchView;

/**
 * The clients the machines on a channel bring work as they are: besides OpenSSH and MINA (every other test of the
 * tier), curl's {@code sftp://}, which is libssh2 1.10 on Debian 12 and RHEL 9 as PHP's SFTP is, with neither an EtM
 * MAC nor AES-GCM to offer, and lftp, which shows the server's sentence when it refuses.
 */
class SftpClientsTest {

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void curlCreatesABatchUploadsAJapaneseNameAndListsOverAesCtrWithHmacSha2() {
        String batch = "curl-" + UUID.randomUUID().toString().substring(0, 8);
        String folder = "/" + InJvmGateway.CHANNEL + "/" + batch;
        Uploads.csv(work, "residents.csv", 5);
        List<Map<KexProposalOption, String>> offered = new CopyOnWriteArrayList<>();
        List<Map<KexProposalOption, String>> negotiated = new CopyOnWriteArrayList<>();
        SessionListener watcher = new SessionListener() {
            @Override
            public void sessionNegotiationEnd(Session session, Map<KexProposalOption, String> clientProposal,
                    Map<KexProposalOption, String> serverProposal, Map<KexProposalOption, String> agreed,
                    Throwable failure) {
                offered.add(Map.copyOf(clientProposal));
                negotiated.add(Map.copyOf(agreed));
            }
        };
        gateway.endpoint().addSessionListener(watcher);
        GatewaySftp.Result uploaded;
        GatewaySftp.Result listed;
        try {
            uploaded = clients.curl("benefits", work, folder + "/住民基本台帳_2022.csv", "--quote", "mkdir " + folder,
                    "--upload-file", "residents.csv");
            listed = clients.curl("benefits", work, folder + "/", "--list-only");
        } finally {
            gateway.endpoint().removeSessionListener(watcher);
        }

        assertTrue(uploaded.succeeded(), uploaded.output());
        assertTrue(listed.succeeded(), listed.output());
        assertEquals(List.of("住民基本台帳_2022.csv"), listed.output().lines().filter(name -> !name.startsWith("."))
                .toList());
        BatchView.FileView file = gateway.batch(gateway.batchNamed(batch)).files().get(0);
        assertEquals(5, file.records(), "the gateway sealed what curl sent");
        assertEquals(2, negotiated.size(), "one session per curl run: " + negotiated);
        for (Map<KexProposalOption, String> client : offered) {
            assertFalse(client.get(KexProposalOption.C2SMAC).contains("-etm@")
                    || client.get(KexProposalOption.C2SENC).contains("-gcm@"),
                    "this test stands for clients without EtM and GCM (libssh2 1.10); this curl offers " + client);
        }
        for (Map<KexProposalOption, String> agreed : negotiated) {
            assertTrue(List.of("hmac-sha2-256", "hmac-sha2-512").contains(agreed.get(KexProposalOption.C2SMAC)),
                    agreed.toString());
            assertTrue(agreed.get(KexProposalOption.C2SENC).matches("aes(128|192|256)-ctr"), agreed.toString());
        }
    }

    @Test
    void lftpUploadsAJapaneseNameAndShowsTheSentenceOfARefusedOne() {
        String folder = "/" + InJvmGateway.CHANNEL + "/lftp-" + UUID.randomUUID().toString().substring(0, 8);
        Uploads.csv(work, "residents.csv", 2);

        GatewaySftp.Result pushed = clients.lftp("benefits", work, "mkdir " + folder,
                "put residents.csv -o " + folder + "/世帯一覧（令和6年度）.csv", "cls -1 " + folder,
                "put residents.csv -o " + folder + "/CON.csv");

        assertEquals(List.of(folder + "/世帯一覧（令和6年度）.csv"), pushed.output().lines()
                .filter(line -> line.startsWith(folder)).toList(), pushed.output());
        assertFalse(pushed.succeeded());
        assertTrue(pushed.output().contains("CON, PRN, AUX, NUL, COM1-COM9 and LPT1-LPT9 are Windows device names"),
                pushed.output());
    }
}
