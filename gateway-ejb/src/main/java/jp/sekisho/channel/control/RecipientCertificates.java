package jp.sekisho.channel.control;

import java.time.Instant;
import java.util.List;

import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.InvalidValue;

/** What a channel may seal to: a certificate the gateway can read and seal to now. */
public final class RecipientCertificates {

    private RecipientCertificates() {
    }

    /** The certificate as PEM, if it is readable, of a usable key and valid at {@code now}; refused saying why. */
    public static String usable(String pemOrBase64Der, Instant now) {
        String pem;
        try {
            pem = SelfSignedCredentials.normalizedCertificatePem(pemOrBase64Der);
            new Sealer(List.of(SelfSignedCredentials.parseCertificatePem(pem)), now);
        } catch (InvalidValue unusable) {
            // The parser's and the sealer's own sentences: which certificate, and why it cannot be used.
            throw new Refused(Refused.Kind.INVALID, "unusable-recipient-certificate",
                    "The recipient certificate cannot be used: " + unusable.getMessage());
        }
        return pem;
    }
}
