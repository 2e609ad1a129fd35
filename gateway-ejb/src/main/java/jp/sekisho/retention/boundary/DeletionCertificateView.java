package jp.sekisho.retention.boundary;

import java.time.Instant;
import java.util.List;

import jp.sekisho.identity.boundary.PersonView;
import jp.sekisho.retention.entity.DeletionCertificate;

/**
 * The gateway's signed statement that a batch's stored ciphertext is gone, as officials see it: the exact body its
 * digest and signature cover, and who confirmed it. {@code signature} is null for a certificate issued before the
 * gateway signed them.
 */
public record DeletionCertificateView(String batchId, String batchName, String channel, Instant issuedAt,
        String digest, String body, byte[] signature, List<Confirmation> confirmations, boolean confirmed) {

    /** One official's confirmation, with a fresh code of their authenticator. */
    public record Confirmation(PersonView official, Instant confirmedAt) {
    }

    static DeletionCertificateView of(DeletionCertificate certificate) {
        return new DeletionCertificateView(certificate.batch().publicId().value(), certificate.batch().name().value(),
                certificate.batch().channel().name().value(), certificate.issuedAt(), certificate.digest(),
                certificate.bodyJson(), certificate.signature().orElse(null), certificate.confirmations().stream()
                        .map(each -> new Confirmation(PersonView.of(each.official()), each.confirmedAt())).toList(),
                certificate.confirmed());
    }

    public boolean confirmedBy(String login) {
        return confirmations.stream().anyMatch(confirmation -> confirmation.official().login().equals(login));
    }
}
