package jp.sekisho.sealing.control;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import jp.sekisho.shared.InvalidValue;

/**
 * Seals files to a channel's recipient certificates as CMS AuthEnvelopedData with AES-256-GCM, the
 * form {@code openssl cms -decrypt} opens. Each file gets a fresh content key (and, for EC
 * recipients, a fresh ephemeral key), wrapped for every recipient: RSA keys of at least 3072 bits
 * by RSAES-OAEP with SHA-256, EC keys on P-256 or P-384 by ECDH with the SHA-256 X9.63 KDF and
 * AES-256 key wrap.
 * <p>
 * Bulk encryption runs in the JDK's SunJCE provider, which is about forty times faster than Bouncy
 * Castle's own AES-GCM, through {@link SegmentedGcmEncryptor} so that files may exceed the 2 GiB the JDK's
 * AES-GCM accepts; Bouncy Castle only writes the CMS structure and does the EC key agreement (no JDK
 * provider implements ECDH with the CMS KDF). Bouncy Castle is passed as a provider object and never
 * registered globally.
 * <p>
 * Files are limited to {@link #MAX_FILE_BYTES}. Thread-safe: one instance may seal many files at once.
 */
public final class Sealer {

    static final int MINIMUM_RSA_BITS = 3072;

    /**
     * The largest file that can be sealed: 64 GiB less 32 bytes, the most one AES-GCM message (a CMS
     * AuthEnvelopedData carries one) can protect before its 32-bit block counter would wrap. The JDK's AES-GCM alone
     * stops at 2 GiB; {@link SegmentedGcmEncryptor} goes beyond on the same accelerated primitives.
     */
    public static final long MAX_FILE_BYTES = SegmentedGcmEncryptor.MAX_MESSAGE_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** BER chunk size: Bouncy Castle's 1,000-byte default makes sealing up to 2.5 times slower. */
    private static final int CMS_CHUNK_BYTES = 64 * 1024;

    private static final String JDK_BULK_CIPHER_PROVIDER = "SunJCE";
    private static final int CONTENT_KEY_BITS = 256;

    private static final Map<ASN1ObjectIdentifier, String> SUPPORTED_CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");

    private static final AlgorithmIdentifier RSA_OAEP_SHA256 = rsaOaepSha256();

    private final List<Recipient> recipients;

    /**
     * @param recipients the certificates every file is sealed to; at least one
     * @param now        the moment at which every certificate must be valid
     * @throws IllegalArgumentException naming the certificate, if one is not valid now or has a key that cannot be
     *                                  used (too short, unsupported curve or algorithm, or a key usage that forbids
     *                                  encryption)
     */
    public Sealer(List<X509Certificate> recipients, Instant now) {
        Objects.requireNonNull(recipients, "recipients");
        for (X509Certificate certificate : recipients) {
            try {
                Objects.requireNonNull(certificate, "recipient certificate").checkValidity(Date.from(now));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                throw new InvalidValue("recipient certificate " + certificate.getSubjectX500Principal()
                        + " is not valid now (valid " + certificate.getNotBefore().toInstant() + " to "
                        + certificate.getNotAfter().toInstant() + "); register a current certificate");
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a file must be sealed to at least one recipient certificate");
        }
        List<Recipient> accepted = new ArrayList<>(recipients.size());
        for (X509Certificate certificate : recipients) {
            accepted.add(recipientFor(Objects.requireNonNull(certificate, "recipient certificate")));
        }
        this.recipients = List.copyOf(accepted);
    }

    /**
     * Starts sealing one file; the CMS header is written to {@code ciphertextOut} at once.
     *
     * @param ciphertextOut where the DER/BER-encoded CMS structure goes; {@link SealingStream}
     *                      closes it
     * @param hasHeaderLine whether the first line is a header that is not a record (CSV, TSV)
     */
    public SealingStream open(OutputStream ciphertextOut, boolean hasHeaderLine) throws IOException {
        Objects.requireNonNull(ciphertextOut, "ciphertextOut");
        try {
            CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
            generator.setBufferSize(CMS_CHUNK_BYTES);
            for (Recipient recipient : recipients) {
                generator.addRecipientInfoGenerator(recipient.newInfoGenerator());
            }
            KeyGenerator contentKeys = KeyGenerator.getInstance("AES", JDK_BULK_CIPHER_PROVIDER);
            contentKeys.init(CONTENT_KEY_BITS, RANDOM);
            OutputAEADEncryptor encryptor = new SegmentedGcmEncryptor(contentKeys.generateKey(), RANDOM);
            OutputStream cmsContent = generator.open(ciphertextOut, encryptor);
            return new SealingStream(cmsContent, ciphertextOut, hasHeaderLine, MAX_FILE_BYTES);
        } catch (CMSException | GeneralSecurityException e) {
            throw new IOException("cannot start sealing a file: " + e.getMessage(), e);
        }
    }

    private static Recipient recipientFor(X509Certificate certificate) {
        SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        ASN1ObjectIdentifier keyAlgorithm = keyInfo.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(keyAlgorithm)) {
            return rsaRecipient(certificate, keyInfo);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlgorithm)) {
            return ecRecipient(certificate, keyInfo);
        }
        throw rejected(certificate, "its key algorithm " + certificate.getPublicKey().getAlgorithm()
                + " (" + keyAlgorithm.getId() + ") is not supported; use RSA (at least "
                + MINIMUM_RSA_BITS + " bits) or EC on P-256 or P-384");
    }

    private static Recipient rsaRecipient(X509Certificate certificate, SubjectPublicKeyInfo keyInfo) {
        int bits = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(parsedKey(certificate, keyInfo))
                .getModulus().bitLength();
        if (bits < MINIMUM_RSA_BITS) {
            throw rejected(certificate, "its RSA key has " + bits + " bits; at least "
                    + MINIMUM_RSA_BITS + " are required");
        }
        requireKeyUsage(certificate, KeyUsageBit.KEY_ENCIPHERMENT);
        return () -> new JceKeyTransRecipientInfoGenerator(certificate, RSA_OAEP_SHA256)
                .setProvider(JDK_BULK_CIPHER_PROVIDER);
    }

    private static Recipient ecRecipient(X509Certificate certificate, SubjectPublicKeyInfo keyInfo) {
        ASN1Encodable curveParameters = keyInfo.getAlgorithm().getParameters();
        if (!(curveParameters instanceof ASN1ObjectIdentifier curveOid)) {
            throw rejected(certificate, "its EC key uses explicit curve parameters; only the named curves "
                    + "P-256 and P-384 are supported");
        }
        String curve = SUPPORTED_CURVES.get(curveOid);
        if (curve == null) {
            throw rejected(certificate, "its EC key is on the curve " + curveOid.getId()
                    + "; only P-256 and P-384 are supported");
        }
        requireKeyUsage(certificate, KeyUsageBit.KEY_AGREEMENT);
        return () -> {
            // Ephemeral-static ECDH: a new originator key per file, so no two files share a wrapping key.
            Provider bouncyCastle = BouncyCastle.PROVIDER;
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", bouncyCastle);
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair ephemeral = generator.generateKeyPair();
            return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                    ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                    .setProvider(bouncyCastle)
                    .addRecipient(certificate);
        };
    }

    private static ASN1Encodable parsedKey(X509Certificate certificate, SubjectPublicKeyInfo keyInfo) {
        try {
            return keyInfo.parsePublicKey();
        } catch (IOException e) {
            throw rejected(certificate, "its public key cannot be decoded");
        }
    }

    /** A certificate whose key usage extension forbids encryption was not issued for this purpose. */
    private static void requireKeyUsage(X509Certificate certificate, KeyUsageBit needed) {
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= needed.index || !keyUsage[needed.index])) {
            throw rejected(certificate, "its key usage extension does not allow " + needed.label);
        }
    }

    private static InvalidValue rejected(X509Certificate certificate, String reason) {
        return new InvalidValue("Recipient certificate \""
                + certificate.getSubjectX500Principal().getName() + "\" (serial "
                + certificate.getSerialNumber().toString(16) + ") cannot seal files: " + reason);
    }

    private static AlgorithmIdentifier rsaOaepSha256() {
        OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT);
        try {
            return new JcaAlgorithmParametersConverter()
                    .getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, oaep);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("cannot encode RSAES-OAEP-SHA256 parameters", e);
        }
    }

    private enum KeyUsageBit {
        KEY_ENCIPHERMENT(2, "keyEncipherment"),
        KEY_AGREEMENT(4, "keyAgreement");

        final int index;
        final String label;

        KeyUsageBit(int index, String label) {
            this.index = index;
            this.label = label;
        }
    }

    /** Builds the per-file recipient info: generators hold per-message state and are not shared. */
    @FunctionalInterface
    private interface Recipient {
        RecipientInfoGenerator newInfoGenerator() throws GeneralSecurityException;
    }

    /** Loaded only when an EC recipient is used: constructing the provider is not free. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
