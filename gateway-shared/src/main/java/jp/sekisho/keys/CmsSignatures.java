package jp.sekisho.keys;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * CMS SignedData as the gateway and its recipients exchange it: the gateway's detached signature over a released
 * manifest, and a recipient's receipt with its content inside. The signer's certificate travels with the signature
 * so that {@code openssl cms -verify} finds it, but verification here trusts only the certificate the caller
 * expects: a valid signature by any other key is refused. Runs in the JDK's providers.
 */
public final class CmsSignatures {

    private CmsSignatures() {
    }

    public static byte[] signDetached(byte[] content, PrivateKey key, X509Certificate certificate) {
        return sign(content, key, certificate, false);
    }

    public static byte[] signEncapsulated(byte[] content, PrivateKey key, X509Certificate certificate) {
        return sign(content, key, certificate, true);
    }

    /**
     * @throws InvalidSignature saying why, if {@code signature} is not a signature by {@code expectedSigner} over
     *                          exactly {@code content}
     */
    public static void verifyDetached(byte[] content, byte[] signature, X509Certificate expectedSigner) {
        try {
            verify(new CMSSignedData(new CMSProcessableByteArray(content), signature), expectedSigner);
        } catch (CMSException | IllegalArgumentException malformed) {
            throw new InvalidSignature("it is not a CMS signature (DER-encoded SignedData)", malformed);
        }
    }

    /**
     * @return the signed content, once the signature by {@code expectedSigner} is verified
     * @throws InvalidSignature saying why, if it is not
     */
    public static byte[] verifyEncapsulated(byte[] signature, X509Certificate expectedSigner) {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(signature);
        } catch (CMSException | IllegalArgumentException malformed) {
            throw new InvalidSignature("it is not a CMS signature (DER-encoded SignedData)", malformed);
        }
        if (signed.getSignedContent() == null) {
            throw new InvalidSignature("it carries no signed content (a detached signature)");
        }
        verify(signed, expectedSigner);
        return (byte[]) signed.getSignedContent().getContent();
    }

    private static void verify(CMSSignedData signed, X509Certificate expectedSigner) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new InvalidSignature("it has " + signers.size() + " signers; exactly one is expected");
        }
        SignerInformation signer = signers.iterator().next();
        X509CertificateHolder expected;
        try {
            expected = new X509CertificateHolder(expectedSigner.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the expected signer's certificate cannot be encoded", e);
        }
        if (!signer.getSID().match(expected)) {
            throw new InvalidSignature("it was signed by another key than the certificate \""
                    + expectedSigner.getSubjectX500Principal().getName() + "\" (serial "
                    + expectedSigner.getSerialNumber().toString(16) + ")");
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(expectedSigner))) {
                throw new InvalidSignature("the signature does not match the signed content");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new InvalidSignature("the signature does not verify with the certificate's key", e);
        }
    }

    private static byte[] sign(byte[] content, PrivateKey key, X509Certificate certificate, boolean encapsulate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key), certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("The document could not be signed: " + e.getMessage(), e);
        }
    }

    /** SHA-256 with ECDSA for EC keys, with PKCS#1 v1.5 for RSA keys. */
    public static String signatureAlgorithm(PrivateKey key) {
        return "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** A signature that must not be trusted; the message says why, for the person who has to act on it. */
    public static final class InvalidSignature extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidSignature(String why) {
            super(why);
        }

        public InvalidSignature(String why, Throwable cause) {
            super(why, cause);
        }
    }
}
