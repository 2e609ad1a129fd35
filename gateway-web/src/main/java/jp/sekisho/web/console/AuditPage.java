package jp.sekisho.web.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.auditing.boundary.Trail;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;

/**
 * The audit trail for auditors: filtered by batch, actor, action and days (in the auditor's time zone), newest
 * first, with the chain's verification status and the latest deletion certificates. The filter is a plain GET
 * form, so a filtered view can be bookmarked and changes nothing.
 */
@Named
@RequestScoped
public class AuditPage {

    private static final int PAGE = 200;

    @EJB
    Trail trail;

    @EJB
    Retention retention;

    @Inject
    Console console;

    private String batch;
    private String actor;
    private String action;
    private String from;
    private String to;
    private Long before;
    private List<AuditEventView> events = List.of();
    private List<DeletionCertificateView> certificates = List.of();
    private boolean filterInvalid;

    /** Runs once the view parameters are set: the trail for auditors, a refusal for anyone else. */
    public void load() {
        AuditTrail.Filter filter;
        try {
            filter = AuditTrail.Filter.of(batch, actor, action,
                    day(from) == null ? null : day(from).atStartOfDay(console.zoneId()).toInstant(),
                    day(to) == null ? null : day(to).plusDays(1).atStartOfDay(console.zoneId()).toInstant());
        } catch (Refused | DateTimeParseException invalid) {
            filterInvalid = true;
            console.show(new Refused(Refused.Kind.INVALID, "filter-invalid", "The filter is not valid"));
            return;
        }
        try {
            events = trail.search(console.caller(), filter, before == null ? Long.MAX_VALUE : before, PAGE);
            certificates = retention.recentCertificates(console.caller(), 20);
        } catch (Refused refused) {
            console.show(refused);
        }
    }

    private static LocalDate day(String text) {
        return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
    }

    public List<String> getActions() {
        return Stream.of(AuditAction.values()).map(AuditAction::name).sorted().toList();
    }

    public List<DeletionCertificateView> getCertificates() {
        return certificates;
    }

    public List<AuditEventView> getEvents() {
        return events;
    }

    /** The query string of the next (older) page, with the same filter. */
    public boolean isMore() {
        return !filterInvalid && events.size() == PAGE;
    }

    public long getOldestSeq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    public String getBatch() {
        return batch;
    }

    public void setBatch(String batch) {
        this.batch = batch;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public Long getBefore() {
        return before;
    }

    public void setBefore(Long before) {
        this.before = before;
    }
}
