package jp.sekisho.web.console;

import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Approvals;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.BatchState;
import jp.sekisho.transfer.entity.Submission;

/**
 * One batch as an official must see it before deciding: what leaves (files, sizes, SHA-256, records, columns, never
 * contents), why, to whom through which contractors, for how long, and who already decided. Submitting, approving
 * and rejecting go through the same boundaries as the API, so the rules are the same. View-scoped, so that the
 * batch id is known when a postback decides whether the form it came from was rendered.
 */
@Named
@ViewScoped
public class BatchPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    Batches batches;

    @EJB
    Approvals approvals;

    @EJB
    Retention retention;

    @Inject
    Console console;

    @Inject
    Clock clock;

    private String id;
    /** Loaded once per view; after every action the page is loaded afresh (redirect). */
    private transient BatchView batch;
    private transient DeletionCertificateView certificate;
    private transient boolean looked;
    private String purpose;
    private String useUntil;
    private String totp;
    private String reason;

    public BatchView getBatch() {
        if (!looked && id != null) {
            // Once per view: the page asks many times, and a refused lookup is audited each time it is made.
            looked = true;
            try {
                batch = batches.find(console.caller(), new BatchId(id));
                certificate = retention.certificateOf(console.caller(), new BatchId(id)).orElse(null);
            } catch (IllegalArgumentException | Refused notVisible) {
                batch = null;
            }
        }
        return batch;
    }

    public DeletionCertificateView getCertificate() {
        return getBatch() == null ? null : certificate;
    }

    /** An approver of the data owner who has not confirmed yet sees the confirmation form. */
    public boolean isConfirmable() {
        DeletionCertificateView shown = getCertificate();
        return shown != null && console.holds("APPROVER") && !shown.confirmed()
                && !shown.confirmedBy(console.caller().login());
    }

    public String confirmDeletion() {
        return act(() -> retention.confirmDeletion(console.caller(), new BatchId(id), getCertificate().digest(),
                totp), "batch.deletionConfirmed");
    }

    public String getState() {
        return getBatch() == null ? "" : getBatch().state().name();
    }

    public boolean isSubmittable() {
        return getBatch() != null && console.holds("REQUESTER") && getBatch().state() == BatchState.UPLOADING;
    }

    public boolean isDecidable() {
        return getBatch() != null && console.holds("APPROVER")
                && getBatch().state() == BatchState.AWAITING_APPROVAL;
    }

    public String submit() {
        return act(() -> batches.submit(console.caller(), new BatchId(id), purpose, useUntil), "batch.submitted");
    }

    /** The requester takes back a batch not yet released; what was uploaded is deleted at once. */
    public boolean isWithdrawable() {
        return getBatch() != null && console.holds("REQUESTER")
                && (getBatch().state() == BatchState.UPLOADING || getBatch().state() == BatchState.AWAITING_APPROVAL);
    }

    public String withdraw() {
        return act(() -> batches.withdraw(console.caller(), new BatchId(id)), "batch.withdrawn");
    }

    public String approve() {
        return decide(Decision.APPROVE, "batch.approved");
    }

    public String reject() {
        return decide(Decision.REJECT, "batch.rejected");
    }

    private String decide(Decision decision, String done) {
        return act(() -> approvals.decide(console.caller(), new BatchId(id), decision, getBatch().manifestDigest(),
                totp, reason), done);
    }

    /** A TOTP code typed for an action is never kept, whatever the outcome. */
    private String act(Runnable action, String doneKey) {
        try {
            return console.act(action, doneKey, reload());
        } finally {
            totp = null;
        }
    }

    public String columns(BatchView.FileView file) {
        return String.join(", ", file.columns());
    }

    private String reload() {
        return "/console/batch.xhtml?faces-redirect=true&id=" + id;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getPurpose() {
        return purpose;
    }

    public void setPurpose(String purpose) {
        this.purpose = purpose;
    }

    public String getUseUntil() {
        return useUntil;
    }

    public void setUseUntil(String useUntil) {
        this.useUntil = useUntil;
    }

    /** The earliest and latest last day of use a date picker offers: tomorrow up to a year ahead. */
    public String getEarliestUseUntil() {
        return LocalDate.now(clock.withZone(console.zoneId())).plusDays(1).toString();
    }

    public String getLatestUseUntil() {
        return LocalDate.now(clock.withZone(console.zoneId())).plusDays(Submission.MAX_USE_PERIOD.toDays() - 1)
                .toString();
    }

    public String getTotp() {
        return null;
    }

    public void setTotp(String totp) {
        this.totp = totp;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
