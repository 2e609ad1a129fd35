package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.auditing.boundary.Custody;
import jp.sekisho.auditing.boundary.Trail;
import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.boundary.NewChannel;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.SystemAccounts;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Approvals;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.VirtualPath;

/**
 * Least privilege on the real core (docs/access.md): an official sees a batch only through the data owner, an
 * organization the channel's policy names, or, once released, the destination's organization; the IT vendor that
 * contracted the call center is in the destination's contractor chain but sees nothing; an administrator sees no
 * batch; an auditor outside the organization that runs the gateway reads only their organization's part of the trail.
 */
class ChainVisibilityTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String VENDOR_REQUESTER = "vendor-requester-" + SUFFIX;
    private static final String VENDOR_APPROVER = "vendor-approver-" + SUFFIX;
    private static final String VENDOR_AUDITOR = "vendor-auditor-" + SUFFIX;
    private static final String CALL_CENTER_REQUESTER = "callcenter-requester-" + SUFFIX;
    private static final String WELFARE_AUDITOR = "welfare-auditor-" + SUFFIX;

    private final InJvmGateway gateway = InJvmGateway.shared();
    private final GatewaySftp clients = GatewaySftp.of(gateway);

    @TempDir
    Path work;

    @Test
    void theDataOwnerThePolicysOrganizationsAndOnceReleasedTheDestinationSeeTheBatch() {
        officialsOfEveryOrganization();
        String batch = name(Uploads.newBatch(gateway, clients, work, "seen"));
        BatchId id = gateway.batchNamed(batch);
        for (String login : List.of("requester", "approver1", "approver2", "auditor", WELFARE_AUDITOR)) {
            assertTrue(sees(login, id), login + " of the data owner or of an organization the policy names");
        }
        for (String login : List.of(CALL_CENTER_REQUESTER, VENDOR_REQUESTER, VENDOR_APPROVER, VENDOR_AUDITOR,
                "admin")) {
            assertFalse(sees(login, id), login + " does not see a batch that was not released to them");
        }
        gateway.release(batch);
        assertTrue(sees(CALL_CENTER_REQUESTER, id), "the destination's organization, once released");
        for (String login : List.of(VENDOR_REQUESTER, VENDOR_APPROVER, VENDOR_AUDITOR, "admin")) {
            assertFalse(sees(login, id), login + ": the destination's client sees nothing, nor an administrator");
        }
    }

    @Test
    void anOfficialOutsideTheChainFindsNothingOfTheBatchAndEachRefusalIsAudited() {
        officialsOfEveryOrganization();
        BatchId id = gateway.release(name(Uploads.newBatch(gateway, clients, work, "hidden")));
        Caller approver = gateway.caller(VENDOR_APPROVER);
        Caller auditor = gateway.caller(VENDOR_AUDITOR);
        String digest = batches().find(gateway.caller("requester"), id).manifestDigest();
        List<Executable> reads = List.of(
            () -> batches().find(approver, id),
            () -> batches().manifest(approver, id),
            () -> batches().receipt(approver, id),
            () -> gateway.boundary(Retention.class).certificateOf(approver, id),
            () -> gateway.boundary(Custody.class).of(approver, id),
            () -> gateway.boundary(Custody.class).of(auditor, id),
            () -> gateway.boundary(Approvals.class).decide(approver, id, Decision.REJECT, digest, "000000", "no"),
            () -> batches().withdraw(gateway.caller(VENDOR_REQUESTER), id));
        for (Executable read : reads) {
            Refused refused = assertThrows(Refused.class, read);
            assertEquals("no-such-batch", refused.reason(), "the same answer as for a batch that does not exist");
        }
        List<AuditEventView> refusals = trail().search(gateway.caller("auditor"),
                AuditTrail.Filter.of(id.value(), null, "API_OPERATION_REFUSED", null, null), Long.MAX_VALUE, 100);
        assertEquals(reads.size(), refusals.size(), "each refused read is audited once: " + refusals);
        assertTrue(trail().search(auditor, AuditTrail.Filter.of(id.value(), null, null, null, null), Long.MAX_VALUE,
                100).isEmpty(), "the vendor's auditor reads no event of a batch the vendor does not see");
    }

    @Test
    void anAuditorOutsideTheOrganizationThatRunsTheGatewayReadsTheirOrganizationsPartOfTheTrail() {
        officialsOfEveryOrganization();
        BatchId id = gateway.batchNamed(name(Uploads.newBatch(gateway, clients, work, "trail")));
        assertThrows(Refused.class, () -> trail().search(gateway.caller(VENDOR_REQUESTER), everything(),
                Long.MAX_VALUE, 10), "a requester reads no trail, and the refusal is the vendor's own event");

        List<AuditEventView> vendors = trail().search(gateway.caller(VENDOR_AUDITOR), everything(), Long.MAX_VALUE,
                1000);
        assertTrue(vendors.stream().anyMatch(event -> event.actor().equals(VENDOR_REQUESTER)), vendors.toString());
        assertTrue(vendors.stream().allMatch(event -> event.batch() == null && event.actor().startsWith("vendor-")),
                "only events of no batch, caused by the vendor's own officials: " + vendors);

        List<AuditEventView> welfare = trail().search(gateway.caller(WELFARE_AUDITOR), everything(), Long.MAX_VALUE,
                1000);
        assertTrue(welfare.stream().anyMatch(event -> id.value().equals(event.batch())), "the data owner's batch");
        assertTrue(welfare.stream().anyMatch(event -> "SSH_LOGIN".equals(event.action())
                && "benefits".equals(event.actor())), "the logins of the data owner's own system account");
        assertTrue(welfare.stream().noneMatch(event -> "admin".equals(event.actor())),
                "no administration by another organization");

        Refused export = assertThrows(Refused.class, () -> trail().export(gateway.caller(WELFARE_AUDITOR), 1, null));
        assertEquals("not-the-operator", export.reason(), "the whole chain leaves only for the operator's auditors");
        Trail.ExportRange range = trail().export(gateway.caller("auditor"), 1, null);
        assertFalse(trail().exportPage(gateway.caller("auditor"), range, 0).isEmpty());
        assertTrue(trail().verify(gateway.caller(VENDOR_AUDITOR)).intact(),
                "the chain's verification names no batch: every auditor may run it");
    }

    @Test
    void aPolicyThatNamesNoOrganizationShowsTheBatchToTheDataOwnerOnly() throws Exception {
        // Accounts and a channel of their own, so that the demo accounts' trees stay as the other tests expect.
        String source = "welfare-export-" + SUFFIX;
        String channel = "any-approver-" + SUFFIX;
        Caller admin = gateway.caller("admin");
        gateway.boundary(SystemAccounts.class).create(admin, source, "city-welfare");
        gateway.boundary(SystemAccounts.class).create(admin, "callcenter-inbox-" + SUFFIX, "callcenter-operator");
        gateway.boundary(Channels.class).create(admin, new NewChannel(channel, source, "callcenter-inbox-" + SUFFIX,
                Files.readString(gateway.demoFile("callcenter-recipient-cert.pem")), 2, Set.of(),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 1, List.of(), List.of(), null, null,
                null, null, null));
        gateway.boundary(Transfers.class).createFolder(new AccountSession(new AccountName(source),
                "192.0.2.7 port 50000"), VirtualPath.of("/" + channel + "/open-" + SUFFIX));
        BatchId id = gateway.batchNamed("open-" + SUFFIX);
        assertTrue(sees("approver1", id), "an approver of the data owner");
        assertFalse(sees("approver2", id), "any organization may approve, but none is named: least privilege");
        assertFalse(sees("auditor", id), "nor its auditor, though its organization runs the gateway");
    }

    private boolean sees(String login, BatchId id) {
        Caller caller = gateway.caller(login);
        boolean listed = batches().visibleTo(caller).stream().anyMatch(batch -> batch.id().equals(id.value()));
        boolean found;
        try {
            batches().find(caller, id);
            found = true;
        } catch (Refused notFound) {
            assertEquals("no-such-batch", notFound.reason());
            found = false;
        }
        assertEquals(listed, found, login + " finds a batch exactly when it is listed");
        return found;
    }

    private Batches batches() {
        return gateway.boundary(Batches.class);
    }

    private Trail trail() {
        return gateway.boundary(Trail.class);
    }

    private static AuditTrail.Filter everything() {
        return AuditTrail.Filter.of(null, null, null, null, null);
    }

    /** An official of each role at the IT vendor, one at the call center, an auditor at the data owner. */
    private synchronized void officialsOfEveryOrganization() {
        if (gateway.boundary(Identities.class).officialByLogin(WELFARE_AUDITOR)
                .isPresent()) {
            return;
        }
        create(VENDOR_REQUESTER, "it-vendor", Role.REQUESTER);
        create(VENDOR_APPROVER, "it-vendor", Role.APPROVER);
        create(VENDOR_AUDITOR, "it-vendor", Role.AUDITOR);
        create(CALL_CENTER_REQUESTER, "callcenter-operator", Role.REQUESTER);
        create(WELFARE_AUDITOR, "city-welfare", Role.AUDITOR);
    }

    private void create(String login, String organization, Role role) {
        gateway.boundary(Officials.class).createOfficial(gateway.caller("admin"), new Officials.NewOfficial(login,
                login, organization, Set.of(role), "Asia/Tokyo"));
    }

    private static String name(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }
}
