package jp.sekisho.testing;

import static jp.sekisho.testing.Entities.withId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.transfer.control.ManifestWriter;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchName;
import jp.sekisho.transfer.entity.FileName;

/**
 * The people and machines of one transfer, built with the real constructors: a city sends residents' data to a call
 * center it contracted; the city's approvers co-sign. Times are fixed so that every deadline is known exactly.
 */
public final class TransferWorld {

    public static final Instant OPENED_AT = Instant.parse("2025-04-01T00:00:00Z");
    public static final Instant RECEIVED_AT = OPENED_AT.plus(Duration.ofMinutes(5));
    public static final Instant SUBMITTED_AT = OPENED_AT.plus(Duration.ofHours(1));
    public static final Duration SUBMIT_WINDOW = Duration.ofHours(4);
    public static final Duration APPROVAL_WINDOW = Duration.ofHours(48);
    public static final Duration DOWNLOAD_WINDOW = Duration.ofHours(24);
    /** Thirty days after the submission: a use period the rules accept. */
    public static final Instant USE_UNTIL = SUBMITTED_AT.plus(Duration.ofDays(30));
    public static final String PURPOSE = "Mailing of the 2025 benefit notices by the contracted call center";

    public final Organization city = withId(new Organization("minato-city", "港区役所", null), 1L);
    public final Organization callCenter = withId(new Organization("kansai-call", "関西コールセンター", city), 2L);

    public final SystemAccount benefitsServer = withId(new SystemAccount(new AccountName("benefits"), city), 11L);
    public final SystemAccount callCenterInbox =
            withId(new SystemAccount(new AccountName("callcenter-inbox"), callCenter), 12L);

    /** Prepares batches; a requester, not an approver. */
    public final Official tanaka = official(101, "tanaka", city, Role.REQUESTER);
    public final Official sato = official(102, "sato", city, Role.APPROVER);
    public final Official suzuki = official(103, "suzuki", city, Role.APPROVER);
    /** Both requester and approver: may submit, may approve others' batches, never their own. */
    public final Official takahashi = official(104, "takahashi", city, Role.REQUESTER, Role.APPROVER);
    public final Official watanabeAdmin = official(105, "watanabe", city, Role.ADMIN);
    /** An approver at the contractor, whose organization the channel's policy does not name. */
    public final Official itoAtCallCenter = official(106, "ito", callCenter, Role.APPROVER);
    public final Official kobayashiAtCallCenter = official(107, "kobayashi", callCenter, Role.REQUESTER);

    public Channel channel(int maxDownloads) {
        return channel(new ApprovalPolicy(2, Set.of(city)), maxDownloads);
    }

    public Channel channel(ApprovalPolicy policy, int maxDownloads) {
        return channel(policy, maxDownloads, DataContract.NONE);
    }

    public Channel channel(ApprovalPolicy policy, int maxDownloads, DataContract contract) {
        return withId(new Channel(new ChannelName("benefit-notices"), benefitsServer, callCenterInbox,
                "-----BEGIN CERTIFICATE-----\nnot needed by these rules\n-----END CERTIFICATE-----\n", policy,
                new Windows(SUBMIT_WINDOW, APPROVAL_WINDOW, DOWNLOAD_WINDOW, maxDownloads), contract), 21L);
    }

    /** A batch whose files all arrived and were sealed, ready to be submitted. */
    public Batch uploaded(Channel channel, String... fileNames) {
        Batch batch = Batch.open(channel, new BatchName("2025-04-notices"), OPENED_AT);
        for (String fileName : fileNames) {
            seal(batch, receive(batch, fileName));
        }
        return batch;
    }

    public BatchFile receive(Batch batch, String fileName) {
        return batch.receive(FileName.of(fileName), UUID.randomUUID().toString(), RECEIVED_AT);
    }

    public void seal(Batch batch, BatchFile file) {
        batch.seal(file, 4096, "a".repeat(64), 120, 4400, "b".repeat(64), List.of(), RECEIVED_AT.plusSeconds(1));
    }

    /** Submits the batch with the manifest the gateway would write; returns the digest approvers sign. */
    public String submit(Batch batch, Official requester, Instant at) {
        ManifestWriter.Manifest manifest = ManifestWriter.write(batch, requester, PURPOSE, USE_UNTIL,
                at, at.plus(batch.channel().windows().approval()));
        batch.submit(requester, PURPOSE, USE_UNTIL, manifest.json(), manifest.digest(), at);
        return manifest.digest();
    }

    private static Official official(long id, String login, Organization organization, Role... roles) {
        return withId(new Official(login, login.substring(0, 1).toUpperCase(Locale.ROOT) + login.substring(1), organization,
                Set.of(roles), "pbkdf2-sha256$1$not$used", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), id);
    }
}
