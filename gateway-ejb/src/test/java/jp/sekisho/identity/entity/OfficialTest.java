package jp.sekisho.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import jp.sekisho.shared.Refused;

class OfficialTest {

    private final Organization city = new Organization("city", "City", null);

    @Test
    void nobodyIsAdministratorAndApproverAtOnceNeitherAtCreationNorLater() {
        assertEquals("admin-and-approver", assertThrows(Refused.class, () -> Official.awaitingEnrolment("x", "X",
                city, EnumSet.of(Role.ADMIN, Role.APPROVER), "hash", "SECRET", ZoneId.of("UTC"))).reason());
        Official approver = Official.awaitingEnrolment("x", "X", city, EnumSet.of(Role.APPROVER), "hash", "SECRET",
                ZoneId.of("UTC"));

        assertEquals("admin-and-approver",
                assertThrows(Refused.class, () -> approver.changeRoles(EnumSet.of(Role.APPROVER, Role.ADMIN)))
                        .reason());
        assertEquals("no-role", assertThrows(Refused.class, () -> approver.changeRoles(EnumSet.noneOf(Role.class)))
                .reason());
        assertEquals(EnumSet.of(Role.APPROVER), approver.roles());
    }

    @Test
    void aCreatedOfficialEnrolsOnceAndAResetAsksForANewEnrolmentWithoutReopeningUsedSteps() {
        Official official = Official.awaitingEnrolment("x", "X", city, EnumSet.of(Role.REQUESTER), "initial",
                "FIRSTSECRET", ZoneId.of("Europe/London"));
        assertFalse(official.totpEnrolled());
        assertEquals(ZoneId.of("Europe/London"), official.timeZone());

        official.completeEnrolment("own", 100);
        assertTrue(official.totpEnrolled());
        assertEquals("own", official.passwordHash());
        assertEquals("already-enrolled", assertThrows(Refused.class, () -> official.completeEnrolment("again", 101))
                .reason());

        official.resetCredentials("second initial", "NEWSECRET");
        assertFalse(official.totpEnrolled());
        assertEquals("NEWSECRET", official.totpSecret());
        assertThrows(IllegalStateException.class, () -> official.completeEnrolment("own2", 100),
                "a step used before the reset does not count again");
    }
}
