package jp.sekisho.gateway.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.gateway.entity.GatewayKey;
import jp.sekisho.keys.AuthorizedKey;
import jp.sekisho.keys.OpenSshKeys;
import jp.sekisho.keys.SelfSignedCredentials;

/**
 * The gateway's own keys. A key is generated on the very first start only; the database remembers that it exists,
 * so a key file that goes missing later stops the gateway instead of being silently replaced. Members of a cluster
 * share the database, so a member whose keys differ from the recorded ones does not start either.
 */
@Stateless
public class GatewayKeys {

    public static final String SSH_HOST_KEY = "ssh-host-key";
    public static final String SSH_ECDSA_HOST_KEY = "ssh-ecdsa-host-key";
    public static final String MANIFEST_SIGNING_KEY = "manifest-signing-key";
    private static final Logger LOG = Logger.getLogger(GatewayKeys.class.getName());

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    /** The SSH host key file (OpenSSH format) and its fingerprint. */
    public record HostKey(Path privateKeyFile, String fingerprint) {
    }

    /** The Ed25519 host key, which modern clients use. */
    public HostKey sshHostKey() {
        return hostKey(SSH_HOST_KEY, "ssh_host_ed25519_key", () -> OpenSshKeys.generateEd25519("sekisho-host"));
    }

    /** The ECDSA P-256 host key, for clients without Ed25519. */
    public HostKey sshEcdsaHostKey() {
        return hostKey(SSH_ECDSA_HOST_KEY, "ssh_host_ecdsa_key", () -> OpenSshKeys.generateEcdsaP256("sekisho-host"));
    }

    private HostKey hostKey(String purpose, String fileName, Supplier<OpenSshKeys.GeneratedKey> generator) {
        Path keyFile = settings.keyDirectory().resolve(fileName);
        Path publicFile = keyFile.resolveSibling(fileName + ".pub");
        String fingerprint = persistedKey(purpose, List.of(keyFile, publicFile), () -> {
            OpenSshKeys.GeneratedKey generated = generator.get();
            writeSecret(keyFile, generated.privateKeyFile());
            Files.writeString(publicFile, generated.publicKeyLine() + "\n", StandardCharsets.US_ASCII);
            return generated.fingerprint();
        }, () -> AuthorizedKey.parse(Files.readString(publicFile)).fingerprint());
        return new HostKey(keyFile, fingerprint);
    }

    /** The key and certificate that sign released manifests; the certificate is public. */
    public SelfSignedCredentials manifestSigningKey() {
        Path keyFile = settings.keyDirectory().resolve("gateway-signing-key.pem");
        Path certificateFile = keyFile.resolveSibling("gateway-signing-cert.pem");
        persistedKey(MANIFEST_SIGNING_KEY, List.of(keyFile, certificateFile), () -> {
            SelfSignedCredentials generated = SelfSignedCredentials.generateEcSigning("Sekisho gateway manifest signing");
            writeSecret(keyFile, generated.privateKeyPem());
            Files.writeString(certificateFile, generated.certificatePem(), StandardCharsets.US_ASCII);
            return certificateFingerprint(generated);
        }, () -> certificateFingerprint(readSigningKey(keyFile, certificateFile)));
        return readSigningKey(keyFile, certificateFile);
    }

    /** Generates a key on the very first start; afterwards only accepts the key the database recorded. */
    private String persistedKey(String purpose, List<Path> files, KeyFileAction generate, KeyFileAction fingerprintOnDisk) {
        GatewayKey known = em.find(GatewayKey.class, purpose);
        try {
            if (known == null) {
                for (Path file : files) {
                    if (Files.exists(file)) {
                        throw new IllegalStateException("A key file exists at " + file + " but this database has "
                                + "never recorded a " + purpose + "; refusing to adopt an unknown key");
                    }
                }
                String fingerprint = generate.run();
                em.persist(new GatewayKey(purpose, fingerprint, clock.instant()));
                LOG.info(() -> "Generated the " + purpose + " (first start): " + fingerprint);
                return fingerprint;
            }
            for (Path file : files) {
                if (!Files.isReadable(file)) {
                    throw new IllegalStateException("The " + purpose + " " + known.fingerprint() + " is missing or "
                            + "unreadable at " + file + "; restore it from backup, or for a new member of a cluster "
                            + "copy the keys folder of a running member. A new key is never generated silently, "
                            + "because clients would then have to trust a key they cannot verify.");
                }
            }
            String fingerprint = fingerprintOnDisk.run();
            if (!fingerprint.equals(known.fingerprint())) {
                throw new IllegalStateException("The " + purpose + " at " + files.get(0) + " (" + fingerprint
                        + ") is not the one this gateway recorded (" + known.fingerprint() + "); every member of a "
                        + "cluster presents the same keys, so that a client behind the balancer never sees one change: "
                        + "copy the keys folder of a running member");
            }
            return fingerprint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes or reads key files and returns the key's fingerprint. */
    @FunctionalInterface
    private interface KeyFileAction {
        String run() throws IOException;
    }

    private static SelfSignedCredentials readSigningKey(Path keyFile, Path certificateFile) {
        try {
            return SelfSignedCredentials.fromPem(Files.readString(certificateFile), Files.readString(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String certificateFingerprint(SelfSignedCredentials credentials) {
        return "SHA256:" + SelfSignedCredentials.fingerprintHex(credentials.certificate());
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
