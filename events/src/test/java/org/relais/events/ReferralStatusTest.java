package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReferralStatusTest {

    @Test
    void aWithdrawnHoldWaitsAgain() {
        assertTrue(ReferralStatus.HELD.canBecome(ReferralStatus.WAITLISTED));
        assertEquals("on-hold", ReferralStatus.WAITLISTED.fhirTaskStatus());
    }

    @Test
    void finalStatusesStayFinal() {
        for (ReferralStatus end : new ReferralStatus[] {ReferralStatus.ARRIVED, ReferralStatus.DECLINED,
                ReferralStatus.EXPIRED, ReferralStatus.CANCELLED}) {
            assertTrue(end.isFinal());
            for (ReferralStatus next : ReferralStatus.values()) {
                assertFalse(end.canBecome(next), end + " -> " + next);
            }
        }
        assertFalse(ReferralStatus.WAITLISTED.canBecome(ReferralStatus.ARRIVED));
    }
}
