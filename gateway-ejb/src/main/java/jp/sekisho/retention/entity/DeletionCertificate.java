package jp.sekisho.retention.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.approval.entity.CoSignable;
import jp.sekisho.approval.entity.CoSigningCheck;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.Batch;

/** The gateway's statement that a batch's stored ciphertext is gone, in canonical JSON with its digest. */
@Entity
@Table(name = "deletion_certificate")
public class DeletionCertificate implements CoSignable {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @OneToOne(optional = false)
    @JoinColumn(name = "batch_id")
    private Batch batch;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "body_json", nullable = false)
    private String bodyJson;

    @Column(nullable = false)
    private String digest;

    /** Base64 of the gateway's detached CMS signature over the UTF-8 body; null for certificates issued before V14. */
    private String signature;

    @OneToMany(mappedBy = "certificate", cascade = CascadeType.ALL)
    @OrderBy("confirmedAt")
    private List<DeletionConfirmation> confirmations = new ArrayList<>();

    protected DeletionCertificate() {
    }

    public DeletionCertificate(Batch batch, Instant issuedAt, String bodyJson, String digest, byte[] signature) {
        this.batch = batch;
        this.issuedAt = issuedAt;
        this.bodyJson = bodyJson;
        this.digest = digest;
        this.signature = signature == null ? null : java.util.Base64.getEncoder().encodeToString(signature);
    }

    /** The gateway's detached CMS signature over {@link #bodyJson()} as UTF-8, or empty for an old certificate. */
    public java.util.Optional<byte[]> signature() {
        return java.util.Optional.ofNullable(signature).map(java.util.Base64.getDecoder()::decode);
    }

    /** Two distinct approvers of the data owner confirm a certificate; never an administrator. */
    public static final int REQUIRED_CONFIRMATIONS = 2;

    /** Records one official's confirmation, under the co-signing rule, with the step of the code they used. */
    public void confirm(Official official, String certificateDigest, long totpStep, Instant now) {
        CoSigningRule.requireMaySign(this, official, certificateDigest, now);
        confirmations.add(new DeletionConfirmation(this, official, totpStep, now));
    }

    @Override
    public ApprovalPolicy policy() {
        return batch.channel().policy();
    }

    /** The gateway issued it; no official asked for it. */
    @Override
    public Official initiator() {
        return null;
    }

    @Override
    public boolean signedBy(Official official) {
        return confirmedBy(official.id());
    }

    @Override
    public void requireOpen(Instant now) {
        if (confirmed()) {
            throw new Refused(Refused.Kind.CONFLICT, "deletion-confirmed",
                    "This deletion certificate already has its " + REQUIRED_CONFIRMATIONS + " confirmations");
        }
    }

    @Override
    public Refused refusal(CoSigningCheck failed) {
        return switch (failed) {
            case NOT_AN_APPROVER, ADMINISTRATOR, INITIATOR -> new Refused(Refused.Kind.FORBIDDEN, "not-an-approver",
                    "Only an approver of the data owner can confirm a deletion");
            case SIGNED_ALREADY -> new Refused(Refused.Kind.CONFLICT, "already-confirmed",
                    "You have already confirmed this deletion; a second official must confirm it");
            case DIGEST_MISMATCH -> new Refused(Refused.Kind.CONFLICT, "certificate-digest-mismatch",
                    "The certificate digest does not match this batch's deletion certificate");
        };
    }

    public boolean confirmed() {
        return confirmations.size() >= REQUIRED_CONFIRMATIONS;
    }

    public boolean confirmedBy(long officialId) {
        return confirmations.stream().anyMatch(each -> each.official().id() == officialId);
    }

    public List<DeletionConfirmation> confirmations() {
        return List.copyOf(confirmations);
    }

    public Batch batch() {
        return batch;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public String bodyJson() {
        return bodyJson;
    }

    @Override
    public String digest() {
        return digest;
    }
}
