package jp.sekisho.auditing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;

class CustodyReportTest {

    private static final String BATCH = "0b5e1f34-52f1-4a7e-9d64-1c9e0f0f4a11";
    private final List<AuditEventView> chain = new ArrayList<>();

    @Test
    void eachSftpSessionIsNamedWithItsKeyAddressAndBytesAndTheOfficialsAreListed() {
        AuditEventView sourceLogin = event(AuditRecord.success("benefits", AuditAction.SSH_LOGIN, "SHA256:source",
                null, "10.0.0.5 port 40001", null));
        AuditEventView destinationLogin = event(AuditRecord.success("callcenter", AuditAction.SSH_LOGIN,
                "SHA256:destination", null, "10.9.0.7 port 51000", null));
        event(AuditRecord.success("benefits", AuditAction.BATCH_CREATED, "ch/b", BATCH, "10.0.0.5 port 40001", null));
        event(AuditRecord.success("benefits", AuditAction.FILE_RECEIVED, "/ch/b/a.csv", BATCH, "10.0.0.5 port 40001",
                "size=1200 sha256=ab records=10 sealedSize=1400"));
        event(AuditRecord.success("benefits", AuditAction.FILE_RECEIVED, "/ch/b/b.csv", BATCH, "10.0.0.5 port 40001",
                "size=800 sha256=cd records=5 sealedSize=900"));
        event(AuditRecord.success("requester", AuditAction.BATCH_SUBMITTED, "ch/b", BATCH, "127.0.0.1", null));
        event(AuditRecord.success("approver1", AuditAction.BATCH_APPROVED, "ch/b", BATCH, "127.0.0.1", null));
        event(AuditRecord.success("callcenter", AuditAction.DOWNLOAD_INCOMPLETE, "/ch/b/a.csv.p7m", BATCH,
                "10.9.0.7 port 51000", "700 bytes read: bytes 0-700 of 1400"));
        event(AuditRecord.success("callcenter", AuditAction.FILE_DOWNLOADED, "/ch/b/a.csv.p7m", BATCH,
                "10.9.0.7 port 51000", "1400 bytes read: bytes 0-1400 of 1400"));
        event(AuditRecord.success("callcenter", AuditAction.FILE_DOWNLOADED, "/ch/b/a.csv.p7m", BATCH,
                "10.9.0.8 port 52000", "1400 bytes read: bytes 0-1400 of 1400"));
        event(AuditRecord.success("gateway", AuditAction.BATCH_PURGED, "ch/b", BATCH, null, "2 stored file(s)"));

        CustodyReport report = CustodyReport.of(chain.stream().filter(e -> BATCH.equals(e.batch()))
                .toList(), List.of(sourceLogin, destinationLogin), true);

        assertEquals(3, report.sessions().size());
        CustodyReport.Session upload = report.sessions().get(0);
        assertEquals("SHA256:source", upload.keyFingerprint());
        assertEquals(2000, upload.bytesWritten());
        assertEquals(List.of("/ch/b/a.csv", "/ch/b/b.csv"), upload.files());
        CustodyReport.Session download = report.sessions().get(1);
        assertEquals("SHA256:destination", download.keyFingerprint());
        assertEquals(2100, download.bytesRead(), "an interrupted read counts what it read");
        assertNull(report.sessions().get(2).keyFingerprint(), "a session without a recorded login says so");
        assertEquals(3500, report.bytesRead());
        assertEquals(List.of("requester", "approver1"), report.officials());
        assertEquals(CustodyReport.Verdict.NO_BYTES_REMAIN, report.verdict());
        assertEquals(CustodyReport.Verdict.DATA_STILL_ON_GATEWAY, CustodyReport.of(report.events(), List.of(), false)
                .verdict());
    }

    private AuditEventView event(AuditRecord record) {
        AuditEventView event = AuditEventView.of(new AuditEvent(chain.size() + 1, Instant.parse(
                "2026-06-21T00:00:00Z").plusSeconds(chain.size()), record, "0".repeat(64), "1".repeat(64)));
        chain.add(event);
        return event;
    }
}
