package jp.sekisho.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import jp.sekisho.shared.InvalidValue;

/**
 * A self-signed certificate with its private key: a recipient's encryption certificate (demo data, tests) or the
 * gateway's own signing certificate. {@link #toString()} never shows the private key.
 */
public final class SelfSignedCredentials {

    private static final Duration BACKDATING = Duration.ofHours(1);
    private static final int VALIDITY_YEARS = 2;
    private static final Base64.Encoder PEM_BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private SelfSignedCredentials(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * A recipient's RSA key of the given size, self-signed with SHA256withRSA, allowed for key encipherment (files
     * are sealed to it) and digital signatures (the recipient signs receipts with it).
     */
    public static SelfSignedCredentials generateRsa(String commonName, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BouncyCastle.PROVIDER);
            generator.initialize(bits, new SecureRandom());
            return selfSigned(commonName, generator.generateKeyPair(), "SHA256withRSA",
                    KeyUsage.keyEncipherment | KeyUsage.digitalSignature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA-" + bits + " key", e);
        }
    }

    /** An EC key for signing (ECDSA with SHA-256), as the gateway uses for manifests. */
    public static SelfSignedCredentials generateEcSigning(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return selfSigned(commonName, generator.generateKeyPair(), "SHA256withECDSA", KeyUsage.digitalSignature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 signing key", e);
        }
    }

    /** Reads back what {@link #certificatePem()} and {@link #privateKeyPem()} wrote (PKCS#8, EC or RSA). */
    public static SelfSignedCredentials fromPem(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = parseCertificatePem(certificatePem);
        String body = privateKeyPem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new SelfSignedCredentials(certificate, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidValue("not a PKCS#8 private key matching the certificate", e);
        }
    }

    /**
     * A recipient's EC key, self-signed with SHA256withECDSA, allowed for key agreement (files are sealed to it) and
     * digital signatures (receipts).
     *
     * @param curve "P-256" or "P-384", the curves the gateway seals to; other names Bouncy Castle
     *              knows (such as "secp256k1") are accepted so tests can build certificates the
     *              gateway must refuse
     */
    public static SelfSignedCredentials generateEc(String commonName, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            return selfSigned(commonName, generator.generateKeyPair(), "SHA256withECDSA",
                    KeyUsage.keyAgreement | KeyUsage.digitalSignature);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot generate an EC key on curve " + curve, e);
        }
    }

    /** Parses one PEM ("-----BEGIN CERTIFICATE-----") X.509 certificate. */
    public static X509Certificate parseCertificatePem(String pem) {
        Objects.requireNonNull(pem, "pem");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new InvalidValue("not a PEM-encoded X.509 certificate", e);
        }
    }

    /**
     * A certificate as an administrator pastes it: PEM, or DER in base64 (what {@code openssl x509 -outform DER |
     * base64} gives), returned as PEM, the one form the gateway stores.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static String normalizedCertificatePem(String pemOrBase64Der) {
        Objects.requireNonNull(pemOrBase64Der, "certificate");
        X509Certificate certificate;
        if (pemOrBase64Der.contains("-----BEGIN")) {
            certificate = parseCertificatePem(pemOrBase64Der);
        } else {
            try {
                byte[] der = Base64.getMimeDecoder().decode(pemOrBase64Der.strip());
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new InvalidValue("not an X.509 certificate in PEM or base64-encoded DER", e);
            }
        }
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }

    /** The certificate's SHA-256 over its DER form, in hex: what {@code openssl x509 -fingerprint -sha256} shows. */
    public static String fingerprintHex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A parsed certificate can always be encoded and hashed", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** PKCS#8, unencrypted: what {@code openssl cms -decrypt -inkey} reads. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    @Override
    public String toString() {
        return "SelfSignedCredentials[subject=" + certificate.getSubjectX500Principal().getName()
                + ", key=" + certificate.getPublicKey().getAlgorithm()
                + ", serial=" + certificate.getSerialNumber().toString(16) + "]";
    }

    private static SelfSignedCredentials selfSigned(String commonName, KeyPair keyPair, String signatureAlgorithm,
                                                   int keyUsage) throws GeneralSecurityException {
        Objects.requireNonNull(commonName, "commonName");
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
        // Positive and 128 bits long, as CAs use: unique without any registry of issued serials.
        BigInteger serial = new BigInteger(128, new SecureRandom()).setBit(127);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATING)), Date.from(notAfter), subject, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(signatureAlgorithm)
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(keyPair.getPrivate()));
            // The JDK's own certificate object, exactly what parsing the PEM would give.
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
            return new SelfSignedCredentials(certificate, keyPair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the certificate for " + commonName, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Passed explicitly, never registered globally; created only when credentials are generated. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
