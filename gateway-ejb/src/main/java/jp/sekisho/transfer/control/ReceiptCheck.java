package jp.sekisho.transfer.control;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.Batch;

/**
 * Accepts a receipt only if it is signed by the key of the certificate the batch was sealed to (so only whoever
 * could open the files can confirm them) and states exactly the manifest the approvers signed.
 */
public final class ReceiptCheck {

    private static final int DIGITAL_SIGNATURE = 0;

    private ReceiptCheck() {
    }

    /** @throws Refused naming the reason the receipt is not accepted */
    public static Receipt verify(Batch batch, byte[] signedReceipt) {
        X509Certificate recipient = SelfSignedCredentials.parseCertificatePem(batch.recipientCertificatePem());
        boolean[] keyUsage = recipient.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE]) {
            throw refused("receipt-certificate-cannot-sign", "The batch's recipient certificate does not allow "
                    + "digital signatures (key usage), so no receipt can be checked against it");
        }
        byte[] content;
        try {
            content = CmsSignatures.verifyEncapsulated(signedReceipt, recipient);
        } catch (CmsSignatures.InvalidSignature invalid) {
            throw refused("receipt-signature-invalid", "The receipt is not signed by the batch's recipient ("
                    + recipient.getSubjectX500Principal().getName() + "): " + invalid.getMessage());
        }
        Receipt receipt;
        try {
            receipt = Receipt.parse(content);
        } catch (InvalidValue malformed) {
            throw refused("receipt-malformed", "The signed content is not a receipt: " + malformed.getMessage());
        }
        String mismatch = receipt.mismatchWith(ReleasedManifest.parse(
                batch.release().manifestJson().getBytes(StandardCharsets.UTF_8)));
        if (mismatch != null) {
            throw refused("receipt-mismatch", "The receipt does not confirm this batch: " + mismatch);
        }
        return receipt;
    }

    private static Refused refused(String reason, String message) {
        return new Refused(Refused.Kind.FORBIDDEN, reason, message);
    }
}
