package jp.sekisho.channel.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.approval.entity.CoSignable;
import jp.sekisho.approval.entity.CoSigningCheck;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.Refused;

/**
 * A proposed change of a channel that decides who can read its data. An administrator proposes it; it applies
 * only when two distinct approvers of the data owner (never the proposer) approve; one rejection ends it.
 */
@Entity
@Table(name = "channel_change")
public class ChannelChange implements CoSignable {

    public static final int REQUIRED_APPROVALS = 2;

    public enum Kind {
        RECIPIENT_CERTIFICATE,
        DESTINATION
    }

    public enum State {
        PENDING,
        APPLIED,
        REJECTED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "channel_id")
    private Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    /** The new certificate's PEM, or the new destination account's name. */
    @Column(name = "proposed_value", nullable = false)
    private String proposedValue;

    @ManyToOne
    @JoinColumn(name = "proposed_account_id")
    private SystemAccount proposedAccount;

    @ManyToOne(optional = false)
    @JoinColumn(name = "proposed_by_id")
    private Official proposedBy;

    @Column(name = "proposed_at", nullable = false)
    private Instant proposedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @ManyToOne
    @JoinColumn(name = "first_approver_id")
    private Official firstApprover;

    @Column(name = "first_approved_at")
    private Instant firstApprovedAt;

    @ManyToOne
    @JoinColumn(name = "decided_by_id")
    private Official decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    private String reason;

    @Version
    private long version;

    protected ChannelChange() {
    }

    private ChannelChange(Channel channel, Kind kind, String proposedValue, Official proposedBy, Instant now) {
        this.channel = channel;
        this.kind = kind;
        this.proposedValue = proposedValue;
        this.proposedBy = proposedBy;
        this.proposedAt = now;
        this.state = State.PENDING;
    }

    public static ChannelChange ofRecipientCertificate(Channel channel, String certificatePem, Official admin,
            Instant now) {
        requireAdmin(admin);
        return new ChannelChange(channel, Kind.RECIPIENT_CERTIFICATE, certificatePem, admin, now);
    }

    /** A new destination: another account than the source and the current destination. */
    public static ChannelChange ofDestination(Channel channel, SystemAccount newDestination, Official admin,
            Instant now) {
        requireAdmin(admin);
        if (newDestination.id().equals(channel.destination().id()) || newDestination.id().equals(
                channel.source().id())) {
            throw new Refused(Refused.Kind.INVALID, "destination-unchanged",
                    "The new destination must differ from the channel's source and its current destination");
        }
        ChannelChange change = new ChannelChange(channel, Kind.DESTINATION, newDestination.name().value(), admin,
                now);
        change.proposedAccount = newDestination;
        return change;
    }

    private static void requireAdmin(Official admin) {
        if (!admin.holds(Role.ADMIN)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-admin", "Only an administrator can propose this");
        }
    }

    /** Whether the next approval is the one that applies the change. */
    public boolean nextApprovalApplies() {
        return state == State.PENDING && firstApprover != null;
    }

    /** Records an approval; returns true when it was the second one and the change was applied to the channel. */
    public boolean approve(Official approver, Instant now) {
        CoSigningRule.requireMaySign(this, approver, null, now);
        if (firstApprover == null) {
            firstApprover = approver;
            firstApprovedAt = now;
            return false;
        }
        decidedBy = approver;
        decidedAt = now;
        state = State.APPLIED;
        switch (kind) {
            case RECIPIENT_CERTIFICATE -> channel.replaceRecipientCertificate(proposedValue);
            case DESTINATION -> channel.replaceDestination(proposedAccount);
            default -> throw new IllegalStateException("Unknown change " + kind);
        }
        return true;
    }

    public void reject(Official approver, String why, Instant now) {
        CoSigningRule.requireMaySign(this, approver, null, now);
        if (why == null || why.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "reason-required", "A rejection needs a reason");
        }
        decidedBy = approver;
        decidedAt = now;
        reason = why.length() > 2000 ? why.substring(0, 2000) : why;
        state = State.REJECTED;
    }

    @Override
    public ApprovalPolicy policy() {
        return channel.policy();
    }

    @Override
    public Official initiator() {
        return proposedBy;
    }

    @Override
    public boolean signedBy(Official official) {
        return firstApprover != null && firstApprover.id().equals(official.id());
    }

    @Override
    public void requireOpen(Instant now) {
        if (state != State.PENDING) {
            throw new Refused(Refused.Kind.CONFLICT, "change-decided", "This change was already " + state);
        }
    }

    /** A change names no digest: what approvers see is the proposal itself. */
    @Override
    public String digest() {
        return null;
    }

    @Override
    public Refused refusal(CoSigningCheck failed) {
        return switch (failed) {
            case NOT_AN_APPROVER, ADMINISTRATOR -> new Refused(Refused.Kind.FORBIDDEN, "not-an-approver",
                    "Only an approver (who is not an administrator) can decide on a channel change");
            case INITIATOR -> new Refused(Refused.Kind.FORBIDDEN, "proposer-cannot-approve",
                    "The official who proposed a change cannot decide on it");
            case SIGNED_ALREADY -> new Refused(Refused.Kind.CONFLICT, "already-decided",
                    "You have already approved this change");
            case DIGEST_MISMATCH -> throw new IllegalStateException("A channel change names no digest");
        };
    }

    public Long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public Kind kind() {
        return kind;
    }

    public String proposedValue() {
        return proposedValue;
    }

    public Official proposedBy() {
        return proposedBy;
    }

    public Instant proposedAt() {
        return proposedAt;
    }

    public State state() {
        return state;
    }

    public Official firstApprover() {
        return firstApprover;
    }

    public Instant firstApprovedAt() {
        return firstApprovedAt;
    }

    public Official decidedBy() {
        return decidedBy;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String reason() {
        return reason;
    }
}
