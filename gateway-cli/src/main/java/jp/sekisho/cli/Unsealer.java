package jp.sekisho.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;

import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Opens the gateway's sealed files (CMS AuthEnvelopedData, AES-256-GCM) as a stream, in constant memory. Bouncy
 * Castle's GCM is used because it releases plaintext as it decrypts and checks the tag at the end of the stream;
 * the JDK's GCM holds the whole message until the tag is checked. Released plaintext is therefore unverified until
 * the stream has ended without an exception; callers must not keep it before then.
 */
final class Unsealer {

    private static final int READ_BUFFER_BYTES = 256 * 1024;
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final PrivateKey key;
    private final X509Certificate certificate;

    Unsealer(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    PrivateKey key() {
        return key;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** @throws CheckFailed if the file is not sealed to this certificate or is not a sealed file at all */
    InputStream open(Path sealedFile) throws CheckFailed, IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(sealedFile), READ_BUFFER_BYTES);
        try {
            CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(in);
            boolean ec = "EC".equals(certificate.getPublicKey().getAlgorithm());
            RecipientId id = ec ? new JceKeyAgreeRecipientId(certificate) : new JceKeyTransRecipientId(certificate);
            RecipientInformation recipient = parser.getRecipientInfos().get(id);
            if (recipient == null) {
                in.close();
                throw new CheckFailed(sealedFile.getFileName() + ": is not sealed to the certificate \""
                        + certificate.getSubjectX500Principal().getName() + "\" (serial "
                        + certificate.getSerialNumber().toString(16) + "); use the key of the certificate the "
                        + "channel had when the batch was uploaded");
            }
            Recipient unwrapper = ec ? new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(BOUNCY_CASTLE)
                    : new JceKeyTransAuthEnvelopedRecipient(key).setProvider(BOUNCY_CASTLE);
            return recipient.getContentStream(unwrapper).getContentStream();
        } catch (CMSException | RuntimeException e) {
            in.close();
            throw new CheckFailed(sealedFile.getFileName() + ": cannot be opened with this key ("
                    + describe(e) + ")", e);
        }
    }

    static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && message.indexOf(cause.getMessage()) < 0) {
                message.append(message.length() == 0 ? "" : ": ").append(cause.getMessage());
            }
        }
        return message.length() == 0 ? failure.getClass().getSimpleName() : message.toString();
    }
}
