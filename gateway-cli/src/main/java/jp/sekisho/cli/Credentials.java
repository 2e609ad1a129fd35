package jp.sekisho.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import jp.sekisho.keys.CmsSignatures;

/** Reading keys and certificates from PEM files, with errors that say which file is wrong and how. */
final class Credentials {

    private Credentials() {
    }

    static X509Certificate certificate(Path file) throws CheckFailed {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new CheckFailed(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (CertificateException | ClassCastException e) {
            throw new CheckFailed(file + ": is not an X.509 certificate in PEM or DER form", e);
        }
    }

    /** A TLS context that trusts exactly the certificates in {@code file} (one or more, PEM), as curl's --cacert. */
    static SSLContext trusting(Path file) throws CheckFailed {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int index = 0;
            for (Certificate authority : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("authority-" + index++, authority);
            }
            if (index == 0) {
                throw new CheckFailed(file + ": holds no certificate to trust");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new CheckFailed(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (CertificateException e) {
            throw new CheckFailed(file + ": is not a list of X.509 certificates in PEM form", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS context", e);
        }
    }

    /** A PKCS#8 ("PRIVATE KEY") or traditional ("RSA PRIVATE KEY", "EC PRIVATE KEY") unencrypted PEM key. */
    static PrivateKey privateKey(Path file) throws CheckFailed {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (IOException e) {
            throw new CheckFailed(file + ": cannot be read as a PEM private key (" + e.getMessage() + ")", e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new CheckFailed(file + ": the private key cannot be decoded (" + e.getMessage() + ")", e);
        }
        throw new CheckFailed(file + ": holds no unencrypted private key"
                + (parsed == null ? "" : " (found " + parsed.getClass().getSimpleName() + "; an encrypted key must "
                + "be decrypted first, e.g. openssl pkey -in key.pem -out plain.pem)"));
    }

    /** Signs and verifies a probe, so that a key and a certificate that do not belong together fail here, clearly. */
    static void requirePair(PrivateKey key, Path keyFile, X509Certificate certificate, Path certificateFile)
            throws CheckFailed {
        String algorithm = CmsSignatures.signatureAlgorithm(key);
        byte[] probe = "sekisho key pair check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's: reported below like any mismatch.
        }
        throw new CheckFailed(keyFile + ": this private key does not belong to the certificate " + certificateFile
                + " (" + certificate.getSubjectX500Principal().getName() + ")");
    }
}
