package jp.sekisho.web.console;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.channel.boundary.ChannelChanges;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.transfer.boundary.BatchSummary;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.BatchState;

/** My tasks: what this official has to submit or co-sign now, and every batch that concerns them. */
@Named
@RequestScoped
public class DashboardPage {

    @EJB
    Batches batches;

    @EJB
    Retention retention;

    @EJB
    ChannelChanges channelChanges;

    @Inject
    Console console;

    private long channelChangesToDecide;

    private List<BatchSummary> all = List.of();
    private List<BatchSummary> toSubmit = List.of();
    private List<BatchSummary> toApprove = List.of();
    private List<DeletionCertificateView> toConfirmDeletion = List.of();

    @PostConstruct
    void load() {
        Caller caller = console.caller();
        all = batches.visibleTo(caller);
        if (caller.roles().contains(Role.REQUESTER)) {
            toSubmit = all.stream().filter(batch -> batch.state() == BatchState.UPLOADING).toList();
        }
        if (caller.roles().contains(Role.APPROVER)) {
            toApprove = all.stream().filter(batch -> batch.awaitsDecisionOf(caller.login())).toList();
            toConfirmDeletion = retention.awaitingConfirmationBy(caller);
            channelChangesToDecide = channelChanges.pending(caller).size();
        }
    }

    public long getChannelChangesToDecide() {
        return channelChangesToDecide;
    }

    public List<DeletionCertificateView> getToConfirmDeletion() {
        return toConfirmDeletion;
    }

    public List<BatchSummary> getAll() {
        return all;
    }

    public List<BatchSummary> getToSubmit() {
        return toSubmit;
    }

    public List<BatchSummary> getToApprove() {
        return toApprove;
    }
}
