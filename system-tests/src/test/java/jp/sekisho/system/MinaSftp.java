package jp.sekisho.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** The Apache MINA SSHD client, as Java automation scripts use it, with the gateway's host key pinned. */
final class MinaSftp implements AutoCloseable {

    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private MinaSftp(SshClient client, ClientSession session, SftpClient sftp) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    static MinaSftp connect(String account) throws Exception {
        return connect(account, Gateway.demoFile(account + "_ed25519"));
    }

    static MinaSftp connect(String account, Path privateKey) throws Exception {
        return connect(account, privateKey, client -> { });
    }

    /** As a script that changed its client's settings (algorithms, say) before connecting. */
    static MinaSftp connect(String account, Path privateKey, Consumer<SshClient> settings) throws Exception {
        java.util.Set<String> gatewayHostKeys = hostKeyFingerprints();
        SshClient client = SshClient.setUpDefaultClient();
        settings.accept(client);
        client.setServerKeyVerifier((clientSession, address, serverKey) ->
                gatewayHostKeys.contains(KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey)));
        client.start();
        ClientSession session = client.connect(account, "127.0.0.1", Gateway.SFTP_PORT)
                .verify(Duration.ofSeconds(15)).getSession();
        session.addPublicKeyIdentity(keyPair(privateKey));
        session.auth().verify(Duration.ofSeconds(15));
        return new MinaSftp(client, session, SftpClientFactory.instance().createSftpClient(session));
    }

    String negotiated(KexProposalOption option) {
        return session.getNegotiatedKexParameter(option);
    }

    boolean open() {
        return session.isOpen();
    }

    SftpClient sftp() {
        return sftp;
    }

    /** Drops the connection without closing open handles, as a crashed client or a cut network would. */
    void dropConnection() throws IOException {
        session.close(true);
        client.stop();
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
        } finally {
            session.close();
            client.stop();
        }
    }

    static KeyPair keyPair(Path privateKeyFile) throws Exception {
        try (InputStream in = Files.newInputStream(privateKeyFile)) {
            return SecurityUtils.loadKeyPairIdentities(null, new PathResource(privateKeyFile), in, null).iterator()
                    .next();
        }
    }

    /** The gateway's host keys (Ed25519 and ECDSA), pinned by the fingerprints of their .pub files. */
    private static java.util.Set<String> hostKeyFingerprints() throws Exception {
        java.util.Set<String> fingerprints = new java.util.HashSet<>();
        for (String name : new String[] {"ssh_host_ed25519_key.pub", "ssh_host_ecdsa_key.pub"}) {
            byte[] blob = java.util.Base64.getDecoder().decode(
                    Files.readString(Gateway.DATA_DIR.resolve("keys").resolve(name)).trim().split("\\s+")[1]);
            fingerprints.add("SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(blob)));
        }
        return fingerprints;
    }
}
