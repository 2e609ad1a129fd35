package jp.sekisho.transfer.control;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Least privilege (DESIGN §6, docs/access.md): which batches an official sees. An official sees a batch only if
 * their organization is its data owner (the source account's organization), is named by its channel's approval
 * policy, or, once the batch was released, is its destination's organization. Only what an official does with
 * batches (request, approve, audit) opens this view: the administrator's role adds no batch to it.
 * <p>
 * The rule is written once, as a query condition, so that every reader applies the same words: a list is filtered
 * by the database (its limit and order stay right), a single batch is found through it, and the audit trail asks it
 * which events belong to batches a reader sees.
 */
public final class BatchVisibility {

    /** The query parameter that {@link #condition} compares with: the organization that looks. */
    public static final String VIEWER = "viewer";

    /** The roles that look at batches; an official holding none of them sees no batch. */
    private static final EnumSet<Role> BATCH_ROLES = EnumSet.of(Role.REQUESTER, Role.APPROVER, Role.AUDITOR);

    private BatchVisibility() {
    }

    /**
     * The JPQL condition under which the batch aliased {@code batch} is seen by the organization bound to
     * {@link #VIEWER}. A policy that names no organization (any may approve) names none here: then only the data
     * owner sees the batch until it is released.
     */
    public static String condition(String batch) {
        // EXISTS rather than MEMBER OF: EclipseLink joins the collection for MEMBER OF, which drops the batches of
        // a channel whose policy names no organization from the whole condition, the data owner's part included.
        return "(" + batch + ".channel.source.organization = :" + VIEWER
                + " OR EXISTS (SELECT named FROM Channel policy JOIN policy.approverOrganizations named WHERE policy = "
                + batch + ".channel AND named = :" + VIEWER + ")"
                + " OR (" + batch + ".release.availableAt IS NOT NULL AND " + batch + ".destination.organization = :"
                + VIEWER + "))";
    }

    /** The organization through which the official sees batches; none for an official who only administers. */
    public static Optional<Organization> viewerOf(Official official) {
        return official.roles().stream().anyMatch(BATCH_ROLES::contains) ? Optional.of(official.organization())
                : Optional.empty();
    }

    /** The batch, if the official sees it. */
    public static Optional<Batch> find(EntityManager em, Official official, BatchId id) {
        return viewerOf(official).flatMap(viewer -> em.createQuery("SELECT b FROM Batch b WHERE b.publicId = :id AND "
                + condition("b"), Batch.class).setParameter("id", id.value()).setParameter(VIEWER, viewer)
                .getResultStream().findFirst());
    }

    /**
     * The batch if the official sees it, or the refusal of a batch that does not exist: one they may not see does
     * not exist for them, so its existence is not given away.
     */
    public static Batch require(EntityManager em, Official official, BatchId id) {
        return find(em, official, id).orElseThrow(BatchVisibility::noSuchBatch);
    }

    /**
     * The same refusal before a change of the batch. It loads no batch, so that the lock taken next reads the batch
     * afresh rather than checking a copy another transaction may have changed meanwhile.
     */
    public static void requireSeen(EntityManager em, Official official, BatchId id) {
        boolean seen = viewerOf(official).map(viewer -> !em.createQuery("SELECT b.id FROM Batch b "
                + "WHERE b.publicId = :id AND " + condition("b"), Long.class).setParameter("id", id.value())
                .setParameter(VIEWER, viewer).setMaxResults(1).getResultList().isEmpty()).orElse(false);
        if (!seen) {
            throw noSuchBatch();
        }
    }

    /** The newest batches the official sees, at most {@code limit}. */
    public static List<Batch> newestFirst(EntityManager em, Official official, int limit) {
        return viewerOf(official).map(viewer -> em.createQuery("SELECT b FROM Batch b WHERE " + condition("b")
                + " ORDER BY b.createdAt DESC", Batch.class).setParameter(VIEWER, viewer).setMaxResults(limit)
                .getResultList()).orElse(List.of());
    }

    public static Refused noSuchBatch() {
        return new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such batch");
    }
}
