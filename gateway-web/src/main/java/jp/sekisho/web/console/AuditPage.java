package jp.sekisho.web.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.retention.entity.DeletionCertificate;
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
    AuditTrail audit;

    @EJB
    Retention retention;

    @EJB
    Identities identities;

    @Inject
    Console console;

    private String batch;
    private String actor;
    private String action;
    private String from;
    private String to;
    private Long before;
    private List<AuditEvent> events = List.of();
    private boolean filterInvalid;

    @PostConstruct
    void requireAuditor() {
        identities.auditor(console.caller(), "read the audit trail");
    }

    /** Runs once the view parameters are set. */
    public void load() {
        try {
            events = audit.search(AuditTrail.Filter.of(batch, actor, action,
                    day(from) == null ? null : day(from).atStartOfDay(console.zoneId()).toInstant(),
                    day(to) == null ? null : day(to).plusDays(1).atStartOfDay(console.zoneId()).toInstant()),
                    before == null ? Long.MAX_VALUE : before, PAGE);
        } catch (Refused | DateTimeParseException invalid) {
            filterInvalid = true;
            console.show(new Refused(Refused.Kind.INVALID, "filter-invalid", "The filter is not valid"));
        }
    }

    private static LocalDate day(String text) {
        return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
    }

    public List<String> getActions() {
        return Stream.of(AuditAction.values()).map(AuditAction::name).sorted().toList();
    }

    public List<DeletionCertificate> getCertificates() {
        return retention.recentCertificates(console.caller(), 20);
    }

    public List<AuditEvent> getEvents() {
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
