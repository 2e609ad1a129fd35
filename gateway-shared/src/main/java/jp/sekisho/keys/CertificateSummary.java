package jp.sekisho.keys;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What an official compares a certificate by, in one place: its subject, serial number, SHA-256 fingerprint (as
 * {@code openssl x509 -fingerprint -sha256} prints it, without colons) and the end of its validity.
 */
public record CertificateSummary(String subject, String serial, String sha256, Instant notAfter) {

    public static CertificateSummary of(X509Certificate certificate) {
        return new CertificateSummary(certificate.getSubjectX500Principal().getName(),
                certificate.getSerialNumber().toString(16), SelfSignedCredentials.fingerprintHex(certificate),
                certificate.getNotAfter().toInstant());
    }

    /** Of a PEM certificate; an unreadable one is refused as {@link IllegalArgumentException}. */
    public static CertificateSummary ofPem(String pem) {
        return of(SelfSignedCredentials.parseCertificatePem(pem));
    }

    /** One line for the audit trail. */
    public String describe() {
        return "\"" + subject + "\" serial " + serial + " valid until " + notAfter;
    }
}
