package jp.sekisho.transfer.boundary;

import java.time.Instant;
import java.util.List;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.identity.boundary.PersonView;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.CertificateSummary;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.entity.Approval;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchState;

/**
 * A batch as officials see it, whichever way they come in (API, console): what leaves, from whom to whom through
 * which contractors, why and for how long, who decided, and what became of it; never the data itself. The state is
 * the one officials must see at the moment the view was made (a batch past its window is expired).
 */
public record BatchView(String id, String name, String channel, BatchState state, Instant createdAt,
        Instant expiresAt, AccountOfOrganization source, AccountOfOrganization destination,
        List<OrganizationView> contractorChain, int requiredApprovals, Windows windows, PersonView requester,
        String purpose, Instant useUntil, String manifestDigest, String endReason, Instant endedAt, Instant purgedAt,
        List<FileView> files, List<RefusedFile> refusedFiles, List<Decision> approvals,
        CertificateSummary recipientCertificate, ReceiptView receipt) {

    /** A system account and the organization it belongs to. */
    public record AccountOfOrganization(String name, String organizationCode, String organizationName) {

        static AccountOfOrganization of(SystemAccount account) {
            return new AccountOfOrganization(account.name().value(), account.organization().code(),
                    account.organization().name());
        }
    }

    /** A sealed file's figures as the gateway computed them while it streamed; the CSV columns it carries. */
    public record FileView(String name, long size, String sha256, long records, List<String> columns,
            int completedDownloads) {
    }

    /** A file the gateway refused while it streamed, and why; the requester sees it with the batch. */
    public record RefusedFile(Instant at, String path, String reason) {
    }

    /** One approver's decision on the manifest digest. */
    public record Decision(PersonView approver, String decision, String manifestDigest, Instant decidedAt,
            String reason) {

        static Decision of(Approval approval) {
            return new Decision(PersonView.of(approval.official()), approval.decision().name(),
                    approval.manifestDigest(), approval.decidedAt(), approval.reason());
        }
    }

    /** The recipient's signed receipt, recorded once the gateway verified it. */
    public record ReceiptView(Instant recordedAt, String sha256, String signedBy) {
    }

    /** The batch at {@code now}, with the files the gateway refused while they streamed (from the audit trail). */
    static BatchView of(Batch batch, Instant now, List<AuditEventView> discarded) {
        CertificateSummary recipient = CertificateSummary.ofPem(batch.recipientCertificatePem());
        byte[] receipt = batch.receipt().signed();
        return new BatchView(batch.publicId().value(), batch.name().value(), batch.channel().name().value(),
                batch.stateAt(now), batch.createdAt(), batch.state().ended() ? null : batch.expiresAt(),
                AccountOfOrganization.of(batch.channel().source()), AccountOfOrganization.of(batch.destination()),
                OrganizationView.chainOf(batch.destination().organization()),
                batch.channel().policy().requiredApprovals(), batch.channel().windows(),
                PersonView.of(batch.submission().requester()), batch.submission().purpose(),
                batch.submission().useUntil(), batch.submission().manifestDigest(),
                batch.ending().reason() == null ? null : batch.ending().reason().name(), batch.ending().endedAt(),
                batch.ending().purgedAt(), batch.files().stream().filter(BatchFile::sealed).map(BatchView::file)
                        .toList(),
                discarded.stream().map(event -> new RefusedFile(event.occurredAt(), event.subject(), event.detail()))
                        .toList(),
                batch.approvals().stream().map(Decision::of).toList(), recipient,
                receipt == null ? null : new ReceiptView(batch.receipt().recordedAt(), Sha256.hex(receipt),
                        recipient.subject()));
    }

    private static FileView file(BatchFile file) {
        return new FileView(file.name().value(), file.plaintextSize(), file.plaintextSha256(), file.records(),
                file.csvColumns(), file.completedDownloads());
    }
}
