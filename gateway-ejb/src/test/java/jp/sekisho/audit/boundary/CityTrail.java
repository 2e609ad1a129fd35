package jp.sekisho.audit.boundary;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;

/**
 * The records a city's gateway writes, in the order it writes them: batch after batch of a channel's life (SFTP
 * login and upload from an address and port, submission and two approvals over the API, download of manifest and
 * file, delivery, purge), with a refused login or operation now and then. Deterministic for one seed, so that two
 * runs load the same chain. Not for sharing between threads.
 */
final class CityTrail {

    private static final String[][] CHANNELS = {
        {"benefits-to-callcenter", "benefits", "callcenter", "residents.csv"},
        {"tax-to-welfare", "tax-office", "welfare", "income-2025.csv"},
        {"registry-to-hospital", "registry", "hospital-a", "vaccination-list.csv"},
        {"welfare-to-childcare", "welfare", "childcare", "households.csv"},
    };
    private static final String[] REQUESTERS = {"requester-tanaka", "requester-ito", "requester-kato"};
    private static final String[] APPROVERS = {"approver-sato", "approver-suzuki", "approver-takahashi",
        "approver-watanabe"};
    private static final HexFormat HEX = HexFormat.of();

    private final Random random;
    private final byte[] digest = new byte[32];
    private int step;
    private int batchNumber;
    private String[] channel;
    private String batch;
    private String batchName;
    private String uploader;
    private String downloader;
    private long size;

    CityTrail(long seed) {
        random = new Random(seed);
    }

    /** The next record of the trail. */
    AuditRecord next() {
        if (step == 0) {
            startBatch();
        }
        AuditRecord record = switch (step++) {
            case 0 -> AuditRecord.success(channel[1], AuditAction.SSH_LOGIN, fingerprint(), null, uploader, null);
            case 1 -> AuditRecord.success(channel[1], AuditAction.BATCH_CREATED, channel[0] + "/" + batchName,
                    batch, uploader, "submit before 2026-07-0" + (1 + batchNumber % 9) + "T09:00:00Z");
            case 2 -> AuditRecord.success(channel[1], AuditAction.FILE_RECEIVED, path(channel[3]), batch, uploader,
                    "size=" + size + " sha256=" + sha256() + " records=" + size / 117 + " sealedSize="
                            + (size + 1_620));
            case 3 -> random.nextInt(8) == 0
                    ? AuditRecord.denied(channel[1], AuditAction.SFTP_OPERATION_REFUSED,
                            "remove \"" + path(channel[3]) + "\"", batch, uploader,
                            "no-delete: files are deleted by the gateway only")
                    : AuditRecord.success(pick(REQUESTERS), AuditAction.API_LOGIN, null, null, official(), null);
            case 4 -> AuditRecord.success(pick(REQUESTERS), AuditAction.BATCH_SUBMITTED, channel[0] + "/" + batchName,
                    batch, official(), "manifest sha256=" + sha256() + "; files=1; use until 2026-09-30; "
                            + "approve before 2026-07-01T09:00:00Z; 目的「給付金データの更新」");
            case 5 -> approval(1);
            case 6 -> approval(2);
            case 7 -> AuditRecord.success("gateway", AuditAction.BATCH_AVAILABLE, channel[0] + "/" + batchName, batch,
                    null, "download before 2026-07-08T09:00:00Z");
            case 8 -> random.nextInt(10) == 0
                    ? AuditRecord.denied(channel[2], AuditAction.SSH_LOGIN_REFUSED, fingerprint(), null,
                            sftpClient(), "unknown key")
                    : AuditRecord.success(channel[2], AuditAction.SSH_LOGIN, fingerprint(), null, downloader, null);
            case 9 -> AuditRecord.success(channel[2], AuditAction.MANIFEST_DOWNLOADED,
                    "/" + channel[0] + "/" + batchName + "/manifest.json", batch, downloader,
                    "612 bytes read: bytes 0-612 of 612");
            case 10 -> AuditRecord.success(channel[2], AuditAction.FILE_DOWNLOADED, path(channel[3] + ".p7m"), batch,
                    downloader, size + " bytes read: bytes 0-" + size + " of " + size);
            case 11 -> AuditRecord.success(channel[2], AuditAction.BATCH_DELIVERED, channel[0] + "/" + batchName,
                    batch, downloader, "every file read completely 1 time(s)");
            default -> {
                step = 0;
                yield AuditRecord.success("gateway", AuditAction.BATCH_PURGED, channel[0] + "/" + batchName, batch,
                        null, "2 stored file(s) deleted; deletion certificate sha256=" + sha256());
            }
        };
        return record;
    }

    private void startBatch() {
        batchNumber++;
        channel = CHANNELS[random.nextInt(CHANNELS.length)];
        batch = new UUID(random.nextLong(), random.nextLong()).toString();
        batchName = "refresh-" + String.format("%06d", batchNumber);
        uploader = sftpClient();
        downloader = sftpClient();
        size = 200 + random.nextInt(2_000_000);
    }

    private AuditRecord approval(int number) {
        return AuditRecord.success(pick(APPROVERS), AuditAction.BATCH_APPROVED, channel[0] + "/" + batchName, batch,
                official(), "manifest sha256=" + sha256() + "; approval " + number + " of 2");
    }

    private String path(String file) {
        return "/" + channel[0] + "/" + batchName + "/" + file;
    }

    /** SFTP events name the client's address and port, so a session's login is found again. */
    private String sftpClient() {
        return "203.0.113." + (1 + random.nextInt(40)) + " port " + (32_768 + random.nextInt(28_000));
    }

    private String official() {
        return "198.51.100." + (1 + random.nextInt(60));
    }

    private String fingerprint() {
        random.nextBytes(digest);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private String sha256() {
        random.nextBytes(digest);
        return HEX.formatHex(digest);
    }

    private String pick(String[] names) {
        return names[random.nextInt(names.length)];
    }
}
