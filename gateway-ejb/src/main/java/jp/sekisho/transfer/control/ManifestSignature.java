package jp.sekisho.transfer.control;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.util.List;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import jp.sekisho.keys.control.SelfSignedCredentials;

/**
 * The gateway's detached CMS SignedData over a released manifest, with its certificate included, so that
 * {@code openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -CAfile gateway.pem}
 * checks it. Signing runs in the JDK's providers.
 */
public final class ManifestSignature {

    private ManifestSignature() {
    }

    public static byte[] signDetached(byte[] content, SelfSignedCredentials signer) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer.privateKey()),
                            signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("The manifest could not be signed", e);
        }
    }

    private static String signatureAlgorithm(SelfSignedCredentials signer) {
        return "EC".equals(signer.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
