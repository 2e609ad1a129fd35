package jp.sekisho.transfer.entity;

import static jp.sekisho.testing.TransferWorld.APPROVAL_WINDOW;
import static jp.sekisho.testing.TransferWorld.DOWNLOAD_WINDOW;
import static jp.sekisho.testing.TransferWorld.OPENED_AT;
import static jp.sekisho.testing.TransferWorld.PURPOSE;
import static jp.sekisho.testing.TransferWorld.SUBMITTED_AT;
import static jp.sekisho.testing.TransferWorld.SUBMIT_WINDOW;
import static jp.sekisho.testing.TransferWorld.USE_UNTIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.approval.entity.Decision;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;
import jp.sekisho.testing.TransferWorld;
import jp.sekisho.transfer.control.ManifestWriter;

/** The lifecycle of DESIGN §3, driven through the aggregate as the boundaries drive it. */
class BatchLifecycleTest {

    private static final Instant FIRST_DECISION_AT = SUBMITTED_AT.plus(Duration.ofHours(2));
    private static final Instant SECOND_DECISION_AT = SUBMITTED_AT.plus(Duration.ofHours(3));
    private static final Instant APPROVAL_DEADLINE = SUBMITTED_AT.plus(APPROVAL_WINDOW);
    private static final Instant DOWNLOAD_DEADLINE = SECOND_DECISION_AT.plus(DOWNLOAD_WINDOW);
    private static final long TOTP_STEP = 58_000_000L;

    private final TransferWorld world = new TransferWorld();

    // --- four eyes ---

    @Test
    void requesterCannotApproveOwnBatch() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.takahashi, SUBMITTED_AT);

        assertRefused("requester-cannot-approve",
                () -> batch.approve(world.takahashi, digest, TOTP_STEP, FIRST_DECISION_AT));
        assertRefused("requester-cannot-approve",
                () -> batch.reject(world.takahashi, digest, "changed my mind", TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
        assertTrue(batch.approvals().isEmpty());
    }

    @Test
    void aRequesterWhoIsAlsoAnApproverMayApproveSomeoneElsesBatch() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        assertFalse(batch.approve(world.takahashi, digest, TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(1, batch.approvalCount());
    }

    @Test
    void oneApproverCannotCountTwice() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT);

        assertRefused("already-decided", () -> batch.approve(world.sato, digest, TOTP_STEP + 1, SECOND_DECISION_AT));
        assertRefused("already-decided",
                () -> batch.reject(world.sato, digest, "second thoughts", TOTP_STEP + 1, SECOND_DECISION_AT));
        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
        assertEquals(1, batch.approvalCount());
    }

    @Test
    void adminCannotApprove() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        Refused refused = assertRefused("not-an-approver",
                () -> batch.approve(world.watanabeAdmin, digest, TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(Refused.Kind.FORBIDDEN, refused.kind());
        assertEquals(0, batch.approvalCount());
    }

    @Test
    void aRequesterWithoutTheApproverRoleCannotApprove() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.takahashi, SUBMITTED_AT);

        assertRefused("not-an-approver", () -> batch.approve(world.tanaka, digest, TOTP_STEP, FIRST_DECISION_AT));
    }

    @Test
    void approverFromAnOrganizationOutsideThePolicyIsRefused() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        Refused refused = assertRefused("organization-not-in-policy",
                () -> batch.approve(world.itoAtCallCenter, digest, TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(Refused.Kind.FORBIDDEN, refused.kind());
        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
    }

    @Test
    void aPolicyThatNamesNoOrganizationAdmitsApproversFromAnyOrganization() {
        Channel openPolicy = world.channel(new ApprovalPolicy(2, Set.of()), 1);
        Batch batch = world.uploaded(openPolicy, "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        assertFalse(batch.approve(world.itoAtCallCenter, digest, TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(1, batch.approvalCount());
    }

    @Test
    void approvalOfAChangedManifestDigestIsRefused() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        String otherManifest = ManifestWriter.write(batch, world.tanaka, PURPOSE + " and a raffle", USE_UNTIL, SUBMITTED_AT,
                APPROVAL_DEADLINE).digest();

        assertRefused("manifest-digest-mismatch",
                () -> batch.approve(world.sato, otherManifest, TOTP_STEP, FIRST_DECISION_AT));
        assertRefused("manifest-digest-mismatch", () -> batch.approve(world.sato, null, TOTP_STEP, FIRST_DECISION_AT));
        assertRefused("manifest-digest-mismatch",
                () -> batch.reject(world.sato, otherManifest, "wrong list", TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(0, batch.approvalCount());
        assertTrue(batch.approvals().isEmpty());
    }

    @Test
    void firstApprovalLeavesTheBatchAwaitingTheSecond() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        assertFalse(batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT));

        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
        assertEquals(APPROVAL_DEADLINE, batch.expiresAt());
        assertNull(batch.release().availableAt());
        assertTrue(batch.decidedBy(world.sato));
        assertFalse(batch.decidedBy(world.suzuki));
    }

    @Test
    void secondApprovalMakesTheBatchAvailable() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT);

        assertTrue(batch.approve(world.suzuki, digest, TOTP_STEP, SECOND_DECISION_AT));

        assertEquals(BatchState.AVAILABLE, batch.state());
        assertEquals(SECOND_DECISION_AT, batch.release().availableAt());
        assertEquals(DOWNLOAD_DEADLINE, batch.expiresAt());
        assertEquals(2, batch.approvalCount());
        assertEquals(digest, batch.approvals().get(0).manifestDigest());
        assertEquals(digest, batch.approvals().get(1).manifestDigest());
    }

    @Test
    void aThirdApproverFindsTheBatchNoLongerAwaitingApproval() {
        Batch batch = available(world.channel(1), "residents.csv");

        assertRefused("not-awaiting-approval",
                () -> batch.approve(world.takahashi, batch.submission().manifestDigest(), TOTP_STEP, SECOND_DECISION_AT));
    }

    @Test
    void rejectionByAnyApproverEndsTheBatch() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT);

        batch.reject(world.suzuki, digest, "Column my_number is not needed for mailing", TOTP_STEP,
                SECOND_DECISION_AT);

        assertEquals(BatchState.REJECTED, batch.state());
        assertEquals(Ending.Reason.REJECTED, batch.ending().reason());
        assertEquals(SECOND_DECISION_AT, batch.ending().endedAt());
        assertEquals(Decision.REJECT, batch.approvals().get(1).decision());
        assertEquals("Column my_number is not needed for mailing", batch.approvals().get(1).reason());
        assertRefused("not-awaiting-approval",
                () -> batch.approve(world.takahashi, digest, TOTP_STEP, SECOND_DECISION_AT.plusSeconds(60)));
    }

    @Test
    void rejectionNeedsAReason() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        Refused refused = assertRefused("reason-required",
                () -> batch.reject(world.sato, digest, null, TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(Refused.Kind.INVALID, refused.kind());
        assertRefused("reason-required", () -> batch.reject(world.sato, digest, " \t\n", TOTP_STEP, FIRST_DECISION_AT));
        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
        assertTrue(batch.approvals().isEmpty());
    }

    // --- upload and submit ---

    @Test
    void aNewBatchIsUploadingUntilTheSubmitWindowCloses() {
        Batch batch = Batch.open(world.channel(1), new BatchName("2025-04-notices"), OPENED_AT);

        assertEquals(BatchState.UPLOADING, batch.state());
        assertEquals(OPENED_AT.plus(SUBMIT_WINDOW), batch.expiresAt());
        assertTrue(batch.files().isEmpty());
    }

    @Test
    void submittedBatchRefusesNewFiles() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        world.submit(batch, world.tanaka, SUBMITTED_AT);

        Refused refused = assertRefused("batch-frozen", () -> world.receive(batch, "late-addition.csv"));
        assertEquals(Refused.Kind.CONFLICT, refused.kind());
        assertEquals(1, batch.files().size());
    }

    @Test
    void fileNamesAreWrittenOnce() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");

        Refused refused = assertRefused("file-exists", () -> world.receive(batch, "residents.csv"));
        assertEquals(Refused.Kind.CONFLICT, refused.kind());
        assertEquals(1, batch.files().size());
    }

    @Test
    void aNameStillBeingReceivedIsRefusedWithWhatToDo() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        world.receive(batch, "ledger.csv");

        Refused refused = assertRefused("file-being-received", () -> world.receive(batch, "ledger.csv"));
        assertEquals(Refused.Kind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("may be sent again"), refused.getMessage());
    }

    @Test
    void aNameThatARecipientsDiskWouldTakeForOneAlreadyInTheBatchIsRefused() {
        Batch batch = world.uploaded(world.channel(1), "データ_住民基本台帳.csv", "Residents.csv");

        // As macOS sends it: デ as テ followed by the combining voiced sound mark.
        Refused decomposed = assertRefused("file-exists", () -> world.receive(batch, "テ\u3099ータ_住民基本台帳.csv"));
        Refused otherCase = assertRefused("file-exists", () -> world.receive(batch, "residents.CSV"));
        assertRefused("file-exists", () -> world.receive(batch, "データ_住民基本台帳.CSV"));
        assertEquals("A file of that name already exists in the batch; files are written once",
                decomposed.getMessage());
        assertTrue(otherCase.getMessage().contains("differing only in letter case"), otherCase.getMessage());
        assertEquals(2, batch.files().size());
    }

    @Test
    void aSealedFileCannotBeSealedAgain() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        BatchFile file = batch.files().get(0);

        assertRefused("file-already-sealed", () -> world.seal(batch, file));
    }

    @Test
    void aDiscardedFileMayBeUploadedAgain() {
        Batch batch = Batch.open(world.channel(1), new BatchName("2025-04-notices"), OPENED_AT);
        BatchFile interrupted = world.receive(batch, "residents.csv");

        batch.discard(interrupted);
        BatchFile again = world.receive(batch, "residents.csv");

        assertEquals(1, batch.files().size());
        assertEquals(again, batch.file(FileName.of("residents.csv")).orElseThrow());
    }

    @Test
    void submitRefusesEmptyBatchOrUnfinishedUpload() {
        Batch empty = Batch.open(world.channel(1), new BatchName("2025-04-notices"), OPENED_AT);
        assertRefused("batch-empty", () -> submitWith(empty, PURPOSE, USE_UNTIL));
        assertEquals(BatchState.UPLOADING, empty.state());

        Batch streaming = world.uploaded(world.channel(1), "residents.csv");
        world.receive(streaming, "households.csv");
        assertRefused("upload-in-progress", () -> world.submit(streaming, world.tanaka, SUBMITTED_AT));
        assertEquals(BatchState.UPLOADING, streaming.state());
    }

    @Test
    void submitNeedsAPurpose() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");

        assertRefused("purpose-required", () -> submitWith(batch, null, USE_UNTIL));
        assertRefused("purpose-required", () -> submitWith(batch, "   ", USE_UNTIL));
        assertRefused("purpose-too-long", () -> submitWith(batch, "x".repeat(2001), USE_UNTIL));
        assertEquals(BatchState.UPLOADING, batch.state());
        assertNull(batch.submission().requester());
    }

    @Test
    void submitNeedsAnEndOfUseInTheFutureAndWithinAYear() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");

        assertRefused("use-until-required", () -> submitWith(batch, PURPOSE, null));
        assertRefused("use-until-out-of-range", () -> submitWith(batch, PURPOSE, SUBMITTED_AT));
        assertRefused("use-until-out-of-range",
                () -> submitWith(batch, PURPOSE, SUBMITTED_AT.plus(Submission.MAX_USE_PERIOD).plusSeconds(1)));
        assertEquals(BatchState.UPLOADING, batch.state());

        submitWith(batch, PURPOSE, SUBMITTED_AT.plus(Submission.MAX_USE_PERIOD));
        assertEquals(SUBMITTED_AT.plus(Submission.MAX_USE_PERIOD), batch.submission().useUntil());
    }

    private void submitWith(Batch batch, String purpose, java.time.Instant useUntil) {
        batch.submit(world.tanaka, purpose, useUntil, "{}", "0".repeat(64), SUBMITTED_AT);
    }

    @Test
    void submitFreezesTheBatchWithItsManifestAndStartsTheApprovalWindow() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv", "households.csv");

        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        assertEquals(BatchState.AWAITING_APPROVAL, batch.state());
        assertEquals(world.tanaka, batch.submission().requester());
        assertEquals(PURPOSE, batch.submission().purpose());
        assertEquals(digest, batch.submission().manifestDigest());
        assertEquals(digest, Sha256.hex(batch.submission().manifestJson()));
        assertEquals(SUBMITTED_AT, batch.submission().submittedAt());
        assertEquals(APPROVAL_DEADLINE, batch.expiresAt());
    }

    @Test
    void requesterOfAnotherOrganizationCannotSubmit() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");

        Refused refused = assertRefused("not-source-organization",
                () -> world.submit(batch, world.kobayashiAtCallCenter, SUBMITTED_AT));
        assertEquals(Refused.Kind.FORBIDDEN, refused.kind());
        assertRefused("not-a-requester", () -> world.submit(batch, world.sato, SUBMITTED_AT));
        assertEquals(BatchState.UPLOADING, batch.state());
    }

    @Test
    void aSubmittedBatchCannotBeSubmittedAgain() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);

        assertRefused("batch-frozen", () -> world.submit(batch, world.takahashi, SUBMITTED_AT.plusSeconds(60)));
        assertEquals(digest, batch.submission().manifestDigest());
        assertEquals(world.tanaka, batch.submission().requester());
    }

    // --- withdrawal ---

    @Test
    void requesterWithdrawsABatchThatAwaitsApproval() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        world.submit(batch, world.tanaka, SUBMITTED_AT);

        batch.withdraw(world.takahashi, FIRST_DECISION_AT);

        assertEquals(BatchState.WITHDRAWN, batch.state());
        assertEquals(Ending.Reason.WITHDRAWN, batch.ending().reason());
        assertEquals(FIRST_DECISION_AT, batch.ending().endedAt());
    }

    @Test
    void anAvailableBatchCannotBeWithdrawn() {
        Batch batch = available(world.channel(1), "residents.csv");

        assertRefused("cannot-withdraw", () -> batch.withdraw(world.tanaka, SECOND_DECISION_AT.plusSeconds(60)));
        assertRefused("not-source-organization",
                () -> batch.withdraw(world.kobayashiAtCallCenter, SECOND_DECISION_AT.plusSeconds(60)));
        assertEquals(BatchState.AVAILABLE, batch.state());
    }

    // --- deadlines ---

    @Test
    void batchPastItsWindowIsExpiredBeforeTheSweepRuns() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        Instant deadline = OPENED_AT.plus(SUBMIT_WINDOW);

        assertEquals(BatchState.UPLOADING, batch.stateAt(deadline.minusMillis(1)));
        assertEquals(BatchState.EXPIRED, batch.stateAt(deadline));
        assertEquals(BatchState.UPLOADING, batch.state(), "the stored state waits for the sweep");
        assertRefused("batch-frozen",
                () -> batch.receive(FileName.of("late.csv"), UUID.randomUUID().toString(), deadline));
        assertRefused("batch-frozen", () -> world.submit(batch, world.tanaka, deadline));
        assertRefused("cannot-withdraw", () -> batch.withdraw(world.tanaka, deadline));
    }

    @Test
    void approvalAfterTheApprovalWindowIsRefused() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT);

        assertEquals(BatchState.EXPIRED, batch.stateAt(APPROVAL_DEADLINE));
        assertRefused("not-awaiting-approval",
                () -> batch.approve(world.suzuki, digest, TOTP_STEP, APPROVAL_DEADLINE));
        assertEquals(1, batch.approvalCount());
    }

    @Test
    void expireIfDueEndsWithTheRightReason() {
        Batch notSubmitted = world.uploaded(world.channel(1), "residents.csv");
        assertTrue(notSubmitted.expireIfDue(OPENED_AT.plus(SUBMIT_WINDOW)));
        assertEquals(BatchState.EXPIRED, notSubmitted.state());
        assertEquals(Ending.Reason.NOT_SUBMITTED_IN_TIME, notSubmitted.ending().reason());
        assertEquals(OPENED_AT.plus(SUBMIT_WINDOW), notSubmitted.ending().endedAt());

        Batch notApproved = world.uploaded(world.channel(1), "residents.csv");
        world.submit(notApproved, world.tanaka, SUBMITTED_AT);
        assertTrue(notApproved.expireIfDue(APPROVAL_DEADLINE.plusSeconds(5)));
        assertEquals(BatchState.EXPIRED, notApproved.state());
        assertEquals(Ending.Reason.NOT_APPROVED_IN_TIME, notApproved.ending().reason());

        Batch notDownloaded = available(world.channel(1), "residents.csv");
        assertTrue(notDownloaded.expireIfDue(DOWNLOAD_DEADLINE));
        assertEquals(BatchState.EXPIRED, notDownloaded.state());
        assertEquals(Ending.Reason.NOT_DOWNLOADED_IN_TIME, notDownloaded.ending().reason());
    }

    @Test
    void expireIfDueIsHarmlessBeforeTheDeadline() {
        Batch batch = available(world.channel(1), "residents.csv");

        assertFalse(batch.expireIfDue(DOWNLOAD_DEADLINE.minusSeconds(1)));

        assertEquals(BatchState.AVAILABLE, batch.state());
        assertNull(batch.ending().reason());
        assertNull(batch.ending().endedAt());
        assertEquals(DOWNLOAD_DEADLINE, batch.expiresAt());
    }

    @Test
    void expireIfDueLeavesAnEndedBatchAsItEnded() {
        Batch batch = available(world.channel(1), "residents.csv");
        Instant deliveredAt = SECOND_DECISION_AT.plus(Duration.ofMinutes(10));
        batch.countCompletedDownload(batch.files().get(0), deliveredAt);

        assertFalse(batch.expireIfDue(DOWNLOAD_DEADLINE.plus(Duration.ofDays(30))));
        assertEquals(BatchState.DELIVERED, batch.state());
        assertEquals(Ending.Reason.DELIVERED, batch.ending().reason());
        assertEquals(deliveredAt, batch.ending().endedAt());
    }

    @Test
    void sweepingTwiceEndsTheBatchOnce() {
        Batch batch = world.uploaded(world.channel(1), "residents.csv");
        Instant firstSweep = OPENED_AT.plus(SUBMIT_WINDOW).plusSeconds(30);

        assertTrue(batch.expireIfDue(firstSweep));
        assertFalse(batch.expireIfDue(firstSweep.plusSeconds(60)));
        assertEquals(firstSweep, batch.ending().endedAt());
        assertEquals(Ending.Reason.NOT_SUBMITTED_IN_TIME, batch.ending().reason());
    }

    // --- download, delivery, purge ---

    @Test
    void deliveredOnlyWhenEveryFileWasReadOnceWhenOneDownloadIsAllowed() {
        Batch batch = available(world.channel(1), "residents.csv", "households.csv");
        BatchFile residents = batch.file(FileName.of("residents.csv")).orElseThrow();
        BatchFile households = batch.file(FileName.of("households.csv")).orElseThrow();
        Instant readAt = SECOND_DECISION_AT.plus(Duration.ofMinutes(10));

        assertFalse(batch.countCompletedDownload(residents, readAt));
        assertEquals(BatchState.AVAILABLE, batch.state());

        assertTrue(batch.countCompletedDownload(households, readAt.plusSeconds(5)));
        assertEquals(BatchState.DELIVERED, batch.state());
        assertEquals(Ending.Reason.DELIVERED, batch.ending().reason());
        assertEquals(readAt.plusSeconds(5), batch.ending().endedAt());
    }

    @Test
    void deliveredOnlyWhenEveryFileWasReadTwiceWhenTwoDownloadsAreAllowed() {
        Batch batch = available(world.channel(2), "residents.csv", "households.csv");
        BatchFile residents = batch.file(FileName.of("residents.csv")).orElseThrow();
        BatchFile households = batch.file(FileName.of("households.csv")).orElseThrow();
        Instant readAt = SECOND_DECISION_AT.plus(Duration.ofMinutes(10));

        assertFalse(batch.countCompletedDownload(residents, readAt));
        assertFalse(batch.countCompletedDownload(households, readAt));
        assertFalse(batch.countCompletedDownload(residents, readAt));
        assertEquals(BatchState.AVAILABLE, batch.state());
        assertEquals(2, residents.completedDownloads());
        assertEquals(1, households.completedDownloads());

        assertTrue(batch.countCompletedDownload(households, readAt));
        assertEquals(BatchState.DELIVERED, batch.state());
    }

    @Test
    void downloadOfAnExpiredBatchIsRefused() {
        Batch batch = available(world.channel(1), "residents.csv");
        BatchFile residents = batch.files().get(0);

        Refused refused = assertRefused("not-available",
                () -> batch.countCompletedDownload(residents, DOWNLOAD_DEADLINE));
        assertEquals(Refused.Kind.NOT_FOUND, refused.kind());
        assertEquals(0, residents.completedDownloads());
        assertEquals(BatchState.EXPIRED, batch.stateAt(DOWNLOAD_DEADLINE));
    }

    @Test
    void downloadBeforeApprovalOrAfterDeliveryIsRefused() {
        Batch awaiting = world.uploaded(world.channel(1), "residents.csv");
        world.submit(awaiting, world.tanaka, SUBMITTED_AT);
        assertRefused("not-available", () -> awaiting.countCompletedDownload(awaiting.files().get(0),
                FIRST_DECISION_AT));

        Batch delivered = available(world.channel(1), "residents.csv");
        BatchFile residents = delivered.files().get(0);
        delivered.countCompletedDownload(residents, SECOND_DECISION_AT.plusSeconds(60));
        assertRefused("not-available",
                () -> delivered.countCompletedDownload(residents, SECOND_DECISION_AT.plusSeconds(120)));
        assertEquals(1, residents.completedDownloads());
    }

    @Test
    void purgeMarkIsIdempotent() {
        Batch batch = available(world.channel(1), "residents.csv");
        Instant deliveredAt = SECOND_DECISION_AT.plus(Duration.ofMinutes(10));
        batch.countCompletedDownload(batch.files().get(0), deliveredAt);

        batch.markPurged(deliveredAt.plusSeconds(1));
        batch.markPurged(deliveredAt.plus(Duration.ofHours(6)));

        assertEquals(deliveredAt.plusSeconds(1), batch.ending().purgedAt());
    }

    @Test
    void aBatchThatHasNotEndedIsNeverPurged() {
        Batch batch = available(world.channel(1), "residents.csv");

        assertThrows(IllegalStateException.class, () -> batch.markPurged(SECOND_DECISION_AT.plusSeconds(1)));
        assertNull(batch.ending().purgedAt());
    }

    /** A batch with its files sealed, submitted by tanaka and approved by sato then suzuki. */
    private Batch available(Channel channel, String... fileNames) {
        Batch batch = world.uploaded(channel, fileNames);
        String digest = world.submit(batch, world.tanaka, SUBMITTED_AT);
        batch.approve(world.sato, digest, TOTP_STEP, FIRST_DECISION_AT);
        batch.approve(world.suzuki, digest, TOTP_STEP, SECOND_DECISION_AT);
        assertEquals(BatchState.AVAILABLE, batch.state());
        return batch;
    }

    private static Refused assertRefused(String reason, Executable action) {
        Refused refused = assertThrows(Refused.class, action);
        assertEquals(reason, refused.reason());
        return refused;
    }
}
