package jp.sekisho.web.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.Batch;
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
    Channels channels;

    @Inject
    Console console;

    private long channelChangesToDecide;

    private List<Batch> all = List.of();
    private List<Batch> toSubmit = List.of();
    private List<Batch> toApprove = List.of();
    private List<Batch> toConfirmDeletion = List.of();

    @PostConstruct
    void load() {
        Caller caller = console.caller();
        Instant now = Clock.systemUTC().instant();
        all = batches.visibleTo(caller);
        if (caller.roles().contains(Role.REQUESTER)) {
            toSubmit = all.stream().filter(batch -> batch.stateAt(now) == BatchState.UPLOADING).toList();
        }
        if (caller.roles().contains(Role.APPROVER)) {
            toApprove = all.stream().filter(batch -> batch.stateAt(now) == BatchState.AWAITING_APPROVAL)
                    .filter(batch -> batch.approvals().stream()
                            .noneMatch(approval -> approval.official().id() == caller.officialId()))
                    .toList();
            toConfirmDeletion = retention.awaitingConfirmationBy(caller).stream()
                    .map(certificate -> certificate.batch()).toList();
            channelChangesToDecide = channels.pendingChanges().size();
        }
    }

    public long getChannelChangesToDecide() {
        return channelChangesToDecide;
    }

    public List<Batch> getToConfirmDeletion() {
        return toConfirmDeletion;
    }

    public List<Batch> getAll() {
        return all;
    }

    public List<Batch> getToSubmit() {
        return toSubmit;
    }

    public List<Batch> getToApprove() {
        return toApprove;
    }

    public String state(Batch batch) {
        return batch.stateAt(Clock.systemUTC().instant()).name();
    }
}
