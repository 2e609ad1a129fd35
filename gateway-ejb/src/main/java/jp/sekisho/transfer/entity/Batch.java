package jp.sekisho.transfer.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.approval.entity.CoSignable;
import jp.sekisho.approval.entity.Decision;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.Refused;

/**
 * The unit of transfer. Every change of state goes through a method here that enforces the lifecycle; what a state
 * adds is grouped in values: the {@link Submission}, the {@link Release}, the {@link RecipientReceipt} and the
 * {@link Ending}. Its files are {@link BatchFile}s and its decisions {@link Approval}s; how approvers co-sign it is
 * {@link BatchCoSigning}.
 * <p>
 * Longer than 300 lines because it is the one state machine of DESIGN §3: every transition and the rule it checks
 * are here, so that no state changes anywhere else; splitting the transitions would scatter that machine.
 */
@Entity
@Table(name = "batch")
public class Batch {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true)
    private String publicId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "channel_id")
    private Channel channel;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BatchState state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "recipient_certificate_pem", nullable = false)
    private String recipientCertificatePem;

    /** The destination the batch was opened for; a later change of the channel's destination never moves it. */
    @ManyToOne
    @JoinColumn(name = "destination_account_id")
    private SystemAccount destination;

    @Embedded
    private Submission submission;

    @Embedded
    private Release release;

    @Embedded
    private RecipientReceipt receipt;

    @Embedded
    private Ending ending;

    @Version
    private long version;

    @OneToMany(mappedBy = "batch", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("name")
    private List<BatchFile> files = new ArrayList<>();

    @OneToMany(mappedBy = "batch", cascade = CascadeType.ALL)
    @OrderBy("decidedAt")
    private List<Approval> approvals = new ArrayList<>();

    protected Batch() {
    }

    private Batch(Channel channel, BatchName name, Instant now) {
        this.publicId = BatchId.random().value();
        this.channel = channel;
        this.name = name.value();
        this.state = BatchState.UPLOADING;
        this.createdAt = now;
        this.expiresAt = now.plus(channel.windows().submit());
        // A later change of the channel's certificate or destination applies to new batches only.
        this.recipientCertificatePem = channel.recipientCertificatePem();
        this.destination = channel.destination();
    }

    public static Batch open(Channel channel, BatchName name, Instant now) {
        return new Batch(channel, name, now);
    }

    /** Starts receiving a file; the file counts only once {@link #seal} is called after a clean close. */
    public BatchFile receive(FileName fileName, String storageKey, Instant now) {
        requireUploading(now);
        Optional<BatchFile> same = files.stream().filter(file -> file.name().collidesWith(fileName)).findFirst();
        if (same.isPresent()) {
            if (same.get().receiving()) {
                throw new Refused(Refused.Kind.CONFLICT, "file-being-received", "A file of that name is still being "
                        + "received; if its upload was cut off, it is discarded within seconds and may be sent again");
            }
            throw new Refused(Refused.Kind.CONFLICT, "file-exists", same.get().name().equals(fileName)
                    ? "A file of that name already exists in the batch; files are written once"
                    : "A file of that name, differing only in letter case, already exists in the batch; a recipient "
                            + "on Windows or macOS could not keep both");
        }
        channel.dataContract().checkFileName(fileName.value());
        channel.dataContract().checkFileCount(files.size() + 1L);
        BatchFile file = new BatchFile(this, fileName, storageKey);
        files.add(file);
        return file;
    }

    public void seal(BatchFile file, long size, String sha256, long records, long cipherSize, String cipherSha256,
            List<String> csvColumns, Instant now) {
        requireUploading(now);
        channel.dataContract().checkBatchTotals(
                files.stream().filter(BatchFile::sealed).mapToLong(BatchFile::plaintextSize).sum() + size,
                files.stream().filter(BatchFile::sealed).mapToLong(BatchFile::records).sum() + records);
        file.seal(size, sha256, records, cipherSize, cipherSha256, csvColumns, now);
    }

    public void discard(BatchFile file) {
        files.remove(file);
    }

    /** Freezes the batch with its manifest: from here on no SFTP write, rename or delete reaches it. */
    public void submit(Official submitter, String purpose, Instant useUntil, String manifest, String digest,
            Instant now) {
        requireRequesterOfSource(submitter);
        requireUploading(now);
        Submission.requirePurpose(purpose);
        Submission.requireUsePeriod(useUntil, now);
        if (files.isEmpty()) {
            throw new Refused(Refused.Kind.CONFLICT, "batch-empty", "The batch has no files");
        }
        if (files.stream().anyMatch(file -> !file.sealed())) {
            throw new Refused(Refused.Kind.CONFLICT, "upload-in-progress",
                    "A file of the batch is still being uploaded");
        }
        submission = new Submission(submitter, purpose, useUntil, manifest, digest, now);
        state = BatchState.AWAITING_APPROVAL;
        expiresAt = now.plus(channel.windows().approval());
    }

    /** Records a co-signature; returns true when it was the last one needed and the batch became available. */
    public boolean approve(Official approver, String digest, long totpStep, Instant now) {
        CoSigningRule.requireMaySign(coSigning(), approver, digest, now);
        approvals.add(new Approval(this, approver, Decision.APPROVE, digest, null, totpStep, now));
        if (approvalCount() < channel.policy().requiredApprovals()) {
            return false;
        }
        state = BatchState.AVAILABLE;
        release = new Release(now);
        expiresAt = now.plus(channel.windows().download());
        return true;
    }

    /** Attaches what the destination receives: the manifest with its approvals, and the gateway's signature. */
    public void release(String releasedManifest, byte[] signature) {
        if (state != BatchState.AVAILABLE) {
            throw new IllegalStateException("A manifest is released once, when the batch becomes available");
        }
        release.attach(releasedManifest, signature);
    }

    public void reject(Official approver, String digest, String reason, long totpStep, Instant now) {
        CoSigningRule.requireMaySign(coSigning(), approver, digest, now);
        if (reason == null || reason.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "reason-required", "A rejection needs a reason");
        }
        approvals.add(new Approval(this, approver, Decision.REJECT, digest, reason, totpStep, now));
        end(BatchState.REJECTED, Ending.Reason.REJECTED, now);
    }

    public void withdraw(Official submitter, Instant now) {
        requireRequesterOfSource(submitter);
        if (state != BatchState.UPLOADING && state != BatchState.AWAITING_APPROVAL || dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "cannot-withdraw",
                    "Only a batch that is uploading or awaiting approval can be withdrawn");
        }
        end(BatchState.WITHDRAWN, Ending.Reason.WITHDRAWN, now);
    }

    /** Counts one complete read of a file; returns true when that delivered the whole batch. */
    public boolean countCompletedDownload(BatchFile file, Instant now) {
        if (state != BatchState.AVAILABLE || dueAt(now)) {
            throw new Refused(Refused.Kind.NOT_FOUND, "not-available", "The batch is not available");
        }
        requireMayDownload(file);
        file.countCompletedDownload();
        int allowed = channel.windows().maxDownloads();
        if (files.stream().allMatch(each -> each.completedDownloads() >= allowed)) {
            end(BatchState.DELIVERED, Ending.Reason.DELIVERED, now);
            return true;
        }
        return false;
    }

    /** A file stays downloadable until it has been read completely the channel's allowed number of times. */
    public boolean mayDownload(BatchFile file) {
        return file.sealed() && file.completedDownloads() < channel.windows().maxDownloads();
    }

    public void requireMayDownload(BatchFile file) {
        if (!mayDownload(file)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "download-limit-reached",
                    "This file has been downloaded the allowed number of times");
        }
    }

    /**
     * The destination sees a batch while it is available, and after delivery for as long again as the download
     * window, so that it can put its signed receipt into the batch folder.
     */
    public boolean visibleToDestinationAt(Instant now) {
        return stateAt(now) == BatchState.AVAILABLE || acceptsReceiptAt(now);
    }

    public boolean acceptsReceiptAt(Instant now) {
        if (receipt().recorded() || !release().released()) {
            return false;
        }
        return stateAt(now) == BatchState.AVAILABLE || state == BatchState.DELIVERED
                && now.isBefore(ending().endedAt().plus(channel.windows().download()));
    }

    public void requireAcceptsReceiptAt(Instant now) {
        if (!acceptsReceiptAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "receipt-not-accepted", receipt().recorded()
                    ? "A receipt for this batch was already recorded" : "This batch no longer accepts a receipt");
        }
    }

    /** Keeps a receipt the caller has verified against this batch's manifest and recipient certificate. */
    public void recordReceipt(byte[] signedReceipt, Instant now) {
        requireAcceptsReceiptAt(now);
        receipt = new RecipientReceipt(signedReceipt, now);
    }

    /** Ends a batch whose window has passed; harmless on a batch that is not due. */
    public boolean expireIfDue(Instant now) {
        if (!dueAt(now)) {
            return false;
        }
        Ending.Reason reason = switch (state) {
            case UPLOADING -> Ending.Reason.NOT_SUBMITTED_IN_TIME;
            case AWAITING_APPROVAL -> Ending.Reason.NOT_APPROVED_IN_TIME;
            default -> Ending.Reason.NOT_DOWNLOADED_IN_TIME;
        };
        end(BatchState.EXPIRED, reason, now);
        return true;
    }

    public void markPurged(Instant now) {
        if (!state.ended()) {
            throw new IllegalStateException("Only an ended batch is purged");
        }
        ending.markPurged(now);
    }

    /** True when the batch's current window has passed but the sweep has not ended it yet. */
    public boolean dueAt(Instant now) {
        return !state.ended() && !now.isBefore(expiresAt);
    }

    /** The state as users must see it: a batch past its window is expired even before the sweep runs. */
    public BatchState stateAt(Instant now) {
        return dueAt(now) ? BatchState.EXPIRED : state;
    }

    /** The batch as its approvers co-sign it: its manifest digest, under the channel's policy. */
    public CoSignable coSigning() {
        return new BatchCoSigning(this);
    }

    /** Whether the official has decided on this batch already. */
    public boolean decidedBy(Official official) {
        return approvals.stream().anyMatch(approval -> approval.official().id().equals(official.id()));
    }

    public long approvalCount() {
        return approvals.stream().filter(approval -> approval.decision() == Decision.APPROVE).count();
    }

    public Optional<BatchFile> file(FileName fileName) {
        return files.stream().filter(file -> file.name().equals(fileName)).findFirst();
    }

    public Optional<BatchFile> fileBySealedName(String sealedName) {
        return files.stream().filter(file -> file.sealed() && file.sealedName().equals(sealedName)).findFirst();
    }

    private void end(BatchState endState, Ending.Reason reason, Instant now) {
        state = endState;
        ending = new Ending(reason, now);
    }

    private void requireUploading(Instant now) {
        if (state != BatchState.UPLOADING || dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "batch-frozen",
                    "The batch no longer accepts changes (it is " + stateAt(now) + ")");
        }
    }

    private void requireRequesterOfSource(Official official) {
        if (!official.holds(Role.REQUESTER)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-a-requester", "Only a requester can do this");
        }
        if (!official.organization().id().equals(channel.source().organization().id())) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-source-organization",
                    "Only a requester of the source's organization can do this");
        }
    }

    public Long id() {
        return id;
    }

    public BatchId publicId() {
        return new BatchId(publicId);
    }

    public Channel channel() {
        return channel;
    }

    public BatchName name() {
        return new BatchName(name);
    }

    public BatchState state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public SystemAccount destination() {
        return destination == null ? channel.destination() : destination;
    }

    public String recipientCertificatePem() {
        return recipientCertificatePem;
    }

    /** The request, once submitted; empty before. */
    public Submission submission() {
        return submission == null ? Submission.NONE : submission;
    }

    public Release release() {
        return release == null ? Release.NONE : release;
    }

    public RecipientReceipt receipt() {
        return receipt == null ? RecipientReceipt.NONE : receipt;
    }

    public Ending ending() {
        return ending == null ? Ending.NONE : ending;
    }

    public List<BatchFile> files() {
        return List.copyOf(files);
    }

    public List<Approval> approvals() {
        return List.copyOf(approvals);
    }
}
