package jp.sekisho.approval.control;

import java.time.Instant;
import java.util.function.LongFunction;

import jp.sekisho.approval.entity.CoSignable;
import jp.sekisho.approval.entity.CoSigningCheck;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;

/**
 * The four-eyes rule, once for everything officials co-sign: a signer is an approver who is not an administrator,
 * is not who asked for it, has not signed it already, belongs to an organization its policy names, and names its
 * exact digest. A signature is made in one order only: every check, then the signer's fresh code is consumed, then
 * it is recorded; so a refused attempt never burns a code, and nothing is recorded without one.
 */
public final class CoSigningRule {

    /** Proves the signer present now with a fresh code; returns the code's time step, which the record keeps. */
    @FunctionalInterface
    public interface StepUp {
        long consumeFreshCode(Official signer);
    }

    private CoSigningRule() {
    }

    /** Refuses, with the subject's words, unless {@code signer} may sign {@code subject} now. */
    public static void requireMaySign(CoSignable subject, Official signer, String presentedDigest, Instant now) {
        if (!signer.holds(Role.APPROVER)) {
            throw subject.refusal(CoSigningCheck.NOT_AN_APPROVER);
        }
        if (signer.holds(Role.ADMIN)) {
            throw subject.refusal(CoSigningCheck.ADMINISTRATOR);
        }
        subject.requireOpen(now);
        Official initiator = subject.initiator();
        if (initiator != null && initiator.id().equals(signer.id())) {
            throw subject.refusal(CoSigningCheck.INITIATOR);
        }
        if (subject.signedBy(signer)) {
            throw subject.refusal(CoSigningCheck.SIGNED_ALREADY);
        }
        if (!subject.policy().admitsApproverFrom(signer.organization())) {
            throw new Refused(Refused.Kind.FORBIDDEN, "organization-not-in-policy",
                    "The channel's approval policy does not name your organization");
        }
        if (subject.digest() != null && !subject.digest().equals(presentedDigest)) {
            throw subject.refusal(CoSigningCheck.DIGEST_MISMATCH);
        }
    }

    /** Checks, consumes the signer's fresh code, and records through {@code record}, which gets the code's step. */
    public static <T> T sign(CoSignable subject, Official signer, String presentedDigest, Instant now, StepUp stepUp,
            LongFunction<T> record) {
        requireMaySign(subject, signer, presentedDigest, now);
        long step = stepUp.consumeFreshCode(signer);
        return record.apply(step);
    }
}
