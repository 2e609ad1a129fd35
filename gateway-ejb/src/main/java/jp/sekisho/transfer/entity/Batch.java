package jp.sekisho.transfer.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
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

import jp.sekisho.approval.control.FourEyesRule;
import jp.sekisho.approval.entity.Approval;
import jp.sekisho.approval.entity.Decision;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.Refused;

/** The unit of transfer. Every change of state goes through a method here that enforces the lifecycle. */
@Entity
@Table(name = "batch")
public class Batch {

    public static final Duration MAX_USE_PERIOD = Duration.ofDays(366);

    /** Why a batch ended, for the deletion certificate and the audit trail. */
    public enum EndReason {
        DELIVERED,
        REJECTED,
        WITHDRAWN,
        NOT_SUBMITTED_IN_TIME,
        NOT_APPROVED_IN_TIME,
        NOT_DOWNLOADED_IN_TIME
    }

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

    @ManyToOne
    @JoinColumn(name = "requester_id")
    private Official requester;

    private String purpose;

    @Column(name = "use_until")
    private Instant useUntil;

    @Column(name = "submitted_at")
    private Instant submittedAt;

    @Column(name = "manifest_json")
    private String manifestJson;

    @Column(name = "manifest_digest")
    private String manifestDigest;

    @Column(name = "available_at")
    private Instant availableAt;

    @Column(name = "released_manifest_json")
    private String releasedManifestJson;

    @Column(name = "released_manifest_signature")
    private String releasedManifestSignature;

    @Column(name = "recipient_certificate_pem", nullable = false)
    private String recipientCertificatePem;

    @Column(name = "receipt_signature")
    private String receiptSignature;

    @Column(name = "receipt_recorded_at")
    private Instant receiptRecordedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    private EndReason endReason;

    @Column(name = "purged_at")
    private Instant purgedAt;

    @Version
    private long version;

    /** The destination the batch was opened for; a later change of the channel's destination never moves it. */
    @ManyToOne
    @JoinColumn(name = "destination_account_id")
    private SystemAccount destination;

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
        // A later change of the channel's certificate applies to new batches only.
        this.recipientCertificatePem = channel.recipientCertificatePem();
        this.destination = channel.destination();
    }

    public static Batch open(Channel channel, BatchName name, Instant now) {
        return new Batch(channel, name, now);
    }

    /** Starts receiving a file; the file counts only once {@link #seal} is called after a clean close. */
    public BatchFile receive(FileName fileName, String storageKey, Instant now) {
        requireUploading(now);
        if (file(fileName).isPresent()) {
            throw new Refused(Refused.Kind.CONFLICT, "file-exists",
                    "A file of that name is already in the batch; files are written once");
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
    public void submit(Official submitter, String purposeText, Instant intendedUseUntil, String manifest,
            String digest, Instant now) {
        requireRequesterOfSource(submitter);
        requireUploading(now);
        if (purposeText == null || purposeText.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "purpose-required", "A purpose is required to submit a batch");
        }
        if (purposeText.length() > 2000) {
            throw new Refused(Refused.Kind.INVALID, "purpose-too-long", "A purpose is at most 2000 characters");
        }
        requireUsePeriod(intendedUseUntil, now);
        if (files.isEmpty()) {
            throw new Refused(Refused.Kind.CONFLICT, "batch-empty", "The batch has no files");
        }
        if (files.stream().anyMatch(file -> !file.sealed())) {
            throw new Refused(Refused.Kind.CONFLICT, "upload-in-progress",
                    "A file of the batch is still being uploaded");
        }
        this.requester = submitter;
        this.purpose = purposeText;
        this.useUntil = intendedUseUntil;
        this.manifestJson = manifest;
        this.manifestDigest = digest;
        this.submittedAt = now;
        this.state = BatchState.AWAITING_APPROVAL;
        this.expiresAt = now.plus(channel.windows().approval());
    }

    /** Minimum time: the destination states an end of use, in the future and within a year. */
    public static void requireUsePeriod(Instant intendedUseUntil, Instant now) {
        if (intendedUseUntil == null) {
            throw new Refused(Refused.Kind.INVALID, "use-until-required",
                    "State until when the destination may use the data");
        }
        if (!intendedUseUntil.isAfter(now) || intendedUseUntil.isAfter(now.plus(MAX_USE_PERIOD))) {
            throw new Refused(Refused.Kind.INVALID, "use-until-out-of-range",
                    "The end of use must lie in the future and at most " + MAX_USE_PERIOD.toDays() + " days ahead");
        }
    }

    /** Records a co-signature; returns true when it was the last one needed and the batch became available. */
    public boolean approve(Official approver, String digest, long totpStep, Instant now) {
        FourEyesRule.check(this, approver, digest, now);
        approvals.add(new Approval(this, approver, Decision.APPROVE, digest, null, totpStep, now));
        if (approvalCount() < channel.policy().requiredApprovals()) {
            return false;
        }
        state = BatchState.AVAILABLE;
        availableAt = now;
        expiresAt = now.plus(channel.windows().download());
        return true;
    }

    /** Attaches what the destination receives: the manifest with its approvals, and the gateway's signature. */
    public void release(String releasedManifest, byte[] signature) {
        if (state != BatchState.AVAILABLE || releasedManifestJson != null) {
            throw new IllegalStateException("A manifest is released once, when the batch becomes available");
        }
        releasedManifestJson = releasedManifest;
        releasedManifestSignature = java.util.Base64.getEncoder().encodeToString(signature);
    }

    public void reject(Official approver, String digest, String reason, long totpStep, Instant now) {
        FourEyesRule.check(this, approver, digest, now);
        if (reason == null || reason.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "reason-required", "A rejection needs a reason");
        }
        approvals.add(new Approval(this, approver, Decision.REJECT, digest, reason, totpStep, now));
        end(BatchState.REJECTED, EndReason.REJECTED, now);
    }

    public void withdraw(Official submitter, Instant now) {
        requireRequesterOfSource(submitter);
        if (state != BatchState.UPLOADING && state != BatchState.AWAITING_APPROVAL || dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "cannot-withdraw",
                    "Only a batch that is uploading or awaiting approval can be withdrawn");
        }
        end(BatchState.WITHDRAWN, EndReason.WITHDRAWN, now);
    }

    /** Counts one complete read of a file; returns true when that delivered the whole batch. */
    public boolean countCompletedDownload(BatchFile file, Instant now) {
        requireDownloadable(now);
        requireMayDownload(file);
        file.countCompletedDownload();
        int allowed = channel.windows().maxDownloads();
        if (files.stream().allMatch(each -> each.completedDownloads() >= allowed)) {
            end(BatchState.DELIVERED, EndReason.DELIVERED, now);
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
        if (receiptSignature != null || releasedManifestJson == null) {
            return false;
        }
        return stateAt(now) == BatchState.AVAILABLE || state == BatchState.DELIVERED
                && now.isBefore(endedAt.plus(channel.windows().download()));
    }

    public void requireAcceptsReceiptAt(Instant now) {
        if (!acceptsReceiptAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "receipt-not-accepted", receiptSignature != null
                    ? "A receipt for this batch was already recorded" : "This batch no longer accepts a receipt");
        }
    }

    /** Keeps a receipt the caller has verified against this batch's manifest and recipient certificate. */
    public void recordReceipt(byte[] signedReceipt, Instant now) {
        requireAcceptsReceiptAt(now);
        receiptSignature = java.util.Base64.getEncoder().encodeToString(signedReceipt);
        receiptRecordedAt = now;
    }

    /** Ends a batch whose window has passed; harmless on a batch that is not due. */
    public boolean expireIfDue(Instant now) {
        if (!dueAt(now)) {
            return false;
        }
        EndReason reason = switch (state) {
            case UPLOADING -> EndReason.NOT_SUBMITTED_IN_TIME;
            case AWAITING_APPROVAL -> EndReason.NOT_APPROVED_IN_TIME;
            default -> EndReason.NOT_DOWNLOADED_IN_TIME;
        };
        end(BatchState.EXPIRED, reason, now);
        return true;
    }

    public void markPurged(Instant now) {
        if (!state.ended()) {
            throw new IllegalStateException("Only an ended batch is purged");
        }
        if (purgedAt == null) {
            purgedAt = now;
        }
    }

    private void end(BatchState endState, EndReason reason, Instant now) {
        state = endState;
        endReason = reason;
        endedAt = now;
    }

    private void requireUploading(Instant now) {
        if (state != BatchState.UPLOADING || dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "batch-frozen",
                    "The batch no longer accepts changes (it is " + stateAt(now) + ")");
        }
    }

    private void requireDownloadable(Instant now) {
        if (state != BatchState.AVAILABLE || dueAt(now)) {
            throw new Refused(Refused.Kind.NOT_FOUND, "not-available", "The batch is not available");
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

    /** True when the batch's current window has passed but the sweep has not ended it yet. */
    public boolean dueAt(Instant now) {
        return !state.ended() && !now.isBefore(expiresAt);
    }

    /** The state as users must see it: a batch past its window is expired even before the sweep runs. */
    public BatchState stateAt(Instant now) {
        return dueAt(now) ? BatchState.EXPIRED : state;
    }

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

    public Official requester() {
        return requester;
    }

    public String purpose() {
        return purpose;
    }

    /** Until when the requester intends the destination to use the data; part of the signed manifest. */
    public Instant useUntil() {
        return useUntil;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public String manifestJson() {
        return manifestJson;
    }

    public String manifestDigest() {
        return manifestDigest;
    }

    public Instant availableAt() {
        return availableAt;
    }

    public String releasedManifestJson() {
        return releasedManifestJson;
    }

    public byte[] releasedManifestSignature() {
        return releasedManifestSignature == null ? null
                : java.util.Base64.getDecoder().decode(releasedManifestSignature);
    }

    public String recipientCertificatePem() {
        return recipientCertificatePem;
    }

    public byte[] receiptSignature() {
        return receiptSignature == null ? null : java.util.Base64.getDecoder().decode(receiptSignature);
    }

    public Instant receiptRecordedAt() {
        return receiptRecordedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public EndReason endReason() {
        return endReason;
    }

    public Instant purgedAt() {
        return purgedAt;
    }

    public List<BatchFile> files() {
        return List.copyOf(files);
    }

    public List<Approval> approvals() {
        return List.copyOf(approvals);
    }
}
