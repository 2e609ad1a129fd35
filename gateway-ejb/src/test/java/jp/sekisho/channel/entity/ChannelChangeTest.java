package jp.sekisho.channel.entity;

import static jp.sekisho.testing.Entities.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.Refused;
import jp.sekisho.testing.TransferWorld;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchName;

class ChannelChangeTest {

    private static final Instant NOW = TransferWorld.OPENED_AT;
    private final TransferWorld world = new TransferWorld();
    private final SystemAccount newInbox = withId(new SystemAccount(new AccountName("callcenter-2"),
            world.callCenter), 13L);

    @Test
    void aNewDestinationAppliesAtTheSecondApprovalAndOpenBatchesKeepTheirs() {
        Channel channel = world.channel(1);
        Batch opened = Batch.open(channel, new BatchName("before-the-change"), NOW);
        ChannelChange change = ChannelChange.ofDestination(channel, newInbox, world.watanabeAdmin, NOW);

        assertFalse(change.nextApprovalApplies());
        assertFalse(change.approve(world.sato, NOW));
        assertTrue(change.nextApprovalApplies());
        assertEquals("already-decided", assertThrows(Refused.class, () -> change.approve(world.sato, NOW)).reason());
        assertTrue(change.approve(world.suzuki, NOW));

        assertEquals(newInbox, channel.destination());
        assertEquals(world.callCenterInbox, opened.destination(), "a batch keeps the destination it was opened for");
        assertEquals(newInbox, Batch.open(channel, new BatchName("after-the-change"), NOW).destination());
    }

    @Test
    void onlyAnAdministratorProposesAndOnlyARealChangeIsProposed() {
        Channel channel = world.channel(1);
        assertEquals("not-an-admin", assertThrows(Refused.class,
                () -> ChannelChange.ofDestination(channel, newInbox, world.sato, NOW)).reason());
        assertEquals("destination-unchanged", assertThrows(Refused.class,
                () -> ChannelChange.ofDestination(channel, world.callCenterInbox, world.watanabeAdmin, NOW)).reason());
        assertEquals("destination-unchanged", assertThrows(Refused.class,
                () -> ChannelChange.ofDestination(channel, world.benefitsServer, world.watanabeAdmin, NOW)).reason());
        ChannelChange change = ChannelChange.ofDestination(channel, newInbox, world.watanabeAdmin, NOW);
        assertEquals("not-an-approver", assertThrows(Refused.class,
                () -> change.approve(world.watanabeAdmin, NOW)).reason());
    }
}
