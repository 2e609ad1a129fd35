package jp.sekisho.auditing.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.formats.AuditAction;

/**
 * Who had a batch's data, and whether it is gone: every event of the batch from its creation to its deletion
 * certificate, the SFTP sessions that wrote or read it (account, key, client address, bytes), the officials who
 * decided on it, and a verdict. It is read from the hash-chained events alone, so it is exactly as trustworthy
 * as the chain.
 */
public final class CustodyReport {

    private static final Pattern UPLOADED = Pattern.compile("^size=(\\d+)");
    private static final Pattern READ = Pattern.compile("^(\\d+) bytes read");
    private static final Set<AuditAction> READS = Set.of(AuditAction.FILE_DOWNLOADED,
            AuditAction.DOWNLOAD_INCOMPLETE, AuditAction.MANIFEST_DOWNLOADED);

    /** One SFTP session that touched the batch: who, with which key, from where, and how many bytes each way. */
    public record Session(String account, String keyFingerprint, String client, Instant loggedInAt, long bytesWritten,
            long bytesRead, List<String> files) {
    }

    public enum Verdict {
        /** The gateway deleted every stored byte of the batch, and the certificate says so. */
        NO_BYTES_REMAIN,
        /** The batch has not ended yet, or its purge has not run. */
        DATA_STILL_ON_GATEWAY
    }

    private final List<AuditEventView> events;
    private final List<Session> sessions;
    private final List<String> officials;
    private final Verdict verdict;

    private CustodyReport(List<AuditEventView> events, List<Session> sessions, List<String> officials, Verdict verdict) {
        this.events = events;
        this.sessions = sessions;
        this.officials = officials;
        this.verdict = verdict;
    }

    /**
     * @param batchEvents the batch's events in chain order
     * @param sshLogins the SSH_LOGIN events of the client addresses that appear in them (address with port, so
     *        that each names exactly one session)
     * @param purged whether the deletion certificate exists and the purge completed
     */
    public static CustodyReport of(List<AuditEventView> batchEvents, List<AuditEventView> sshLogins,
            boolean purged) {
        Map<String, AuditEventView> loginByClient = new LinkedHashMap<>();
        for (AuditEventView login : sshLogins) {
            loginByClient.putIfAbsent(login.actor() + "@" + login.client(), login);
        }
        Map<String, SessionBuilder> sessions = new LinkedHashMap<>();
        List<String> officials = new ArrayList<>();
        for (AuditEventView event : batchEvents) {
            if (isSftp(AuditAction.valueOf(event.action()))) {
                String key = event.actor() + "@" + event.client();
                SessionBuilder session = sessions.computeIfAbsent(key, k -> new SessionBuilder(event.actor(),
                        event.client(), loginByClient.get(k)));
                session.add(event);
            } else if (!"gateway".equals(event.actor()) && !officials.contains(event.actor())) {
                officials.add(event.actor());
            }
        }
        return new CustodyReport(List.copyOf(batchEvents),
                sessions.values().stream().map(SessionBuilder::build).toList(), List.copyOf(officials),
                purged ? Verdict.NO_BYTES_REMAIN : Verdict.DATA_STILL_ON_GATEWAY);
    }

    private static boolean isSftp(AuditAction action) {
        return action == AuditAction.BATCH_CREATED || action == AuditAction.FILE_RECEIVED
                || action == AuditAction.FILE_DISCARDED || READS.contains(action)
                || action == AuditAction.BATCH_DELIVERED || action == AuditAction.RECEIPT_RECORDED
                || action == AuditAction.RECEIPT_REFUSED || action == AuditAction.SFTP_OPERATION_REFUSED;
    }

    public List<AuditEventView> events() {
        return events;
    }

    public List<Session> sessions() {
        return sessions;
    }

    /** Logins of the officials who submitted, decided, confirmed or were refused on this batch, in order. */
    public List<String> officials() {
        return officials;
    }

    public Verdict verdict() {
        return verdict;
    }

    public long bytesRead() {
        return sessions.stream().mapToLong(Session::bytesRead).sum();
    }

    private static final class SessionBuilder {
        private final String account;
        private final String client;
        private final AuditEventView login;
        private final List<String> files = new ArrayList<>();
        private long written;
        private long read;

        SessionBuilder(String account, String client, AuditEventView login) {
            this.account = account;
            this.client = client;
            this.login = login;
        }

        void add(AuditEventView event) {
            String detail = event.detail() == null ? "" : event.detail();
            AuditAction action = AuditAction.valueOf(event.action());
            if (action == AuditAction.FILE_RECEIVED) {
                written += leadingNumber(UPLOADED, detail);
            } else if (READS.contains(action)) {
                read += leadingNumber(READ, detail);
            }
            if ((action == AuditAction.FILE_RECEIVED || READS.contains(action)) && event.subject() != null
                    && !files.contains(event.subject())) {
                files.add(event.subject());
            }
        }

        Session build() {
            return new Session(account, login == null ? null : login.subject(), client,
                    login == null ? null : login.occurredAt(), written, read, List.copyOf(files));
        }

        private static long leadingNumber(Pattern pattern, String detail) {
            Matcher matcher = pattern.matcher(detail);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        }
    }
}
