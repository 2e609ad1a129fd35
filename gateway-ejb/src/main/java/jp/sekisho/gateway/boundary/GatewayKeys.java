package jp.sekisho.gateway.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.gateway.entity.GatewayKey;
import jp.sekisho.identity.control.KeyFingerprints;
import jp.sekisho.identity.control.OpenSshKeys;

/**
 * The gateway's own keys. A key is generated on the very first start only; the database remembers that it exists,
 * so a key file that goes missing later stops the gateway instead of being silently replaced.
 */
@Stateless
public class GatewayKeys {

    public static final String SSH_HOST_KEY = "ssh-host-key";
    private static final Logger LOG = Logger.getLogger(GatewayKeys.class.getName());

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    /** The SSH host key file (OpenSSH format) and its fingerprint. */
    public record HostKey(Path privateKeyFile, String fingerprint) {
    }

    public HostKey sshHostKey() {
        Path keyFile = GatewaySettings.current().keyDirectory().resolve("ssh_host_ed25519_key");
        Path publicFile = keyFile.resolveSibling("ssh_host_ed25519_key.pub");
        GatewayKey known = em.find(GatewayKey.class, SSH_HOST_KEY);
        try {
            if (known == null) {
                if (Files.exists(keyFile)) {
                    throw new IllegalStateException("A host key file exists at " + keyFile
                            + " but this database has never recorded one; refusing to adopt an unknown key");
                }
                OpenSshKeys.GeneratedKey generated = OpenSshKeys.generateEd25519("sekisho-host");
                writeSecret(keyFile, generated.privateKeyFile());
                Files.writeString(publicFile, generated.publicKeyLine() + "\n", StandardCharsets.US_ASCII);
                em.persist(new GatewayKey(SSH_HOST_KEY, generated.fingerprint(), Clock.systemUTC().instant()));
                LOG.info(() -> "Generated the SSH host key (first start): " + generated.fingerprint());
                return new HostKey(keyFile, generated.fingerprint());
            }
            if (!Files.isReadable(keyFile) || !Files.isReadable(publicFile)) {
                throw new IllegalStateException("The SSH host key " + known.fingerprint() + " is missing or unreadable at "
                        + keyFile + "; restore it from backup. A new key is never generated silently, because "
                        + "clients would then have to trust a key they cannot verify.");
            }
            String fingerprint = KeyFingerprints.ofAuthorizedKey(Files.readString(publicFile));
            if (!fingerprint.equals(known.fingerprint())) {
                throw new IllegalStateException("The SSH host key at " + keyFile + " (" + fingerprint
                        + ") is not the one this gateway recorded (" + known.fingerprint() + ")");
            }
            return new HostKey(keyFile, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file that only the gateway's user may read. */
    public static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
