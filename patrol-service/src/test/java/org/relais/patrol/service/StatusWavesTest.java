package org.relais.patrol.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** How a batch of status events is cut into waves of one event per referral. */
class StatusWavesTest {

    @Test
    void theKthNewEventOfEachReferralGoesToWaveKInRecordOrder() {
        ReferralStatusEvent a1 = event("a", ReferralStatus.WAITLISTED);
        ReferralStatusEvent b1 = event("b", ReferralStatus.WAITLISTED);
        ReferralStatusEvent a2 = event("a", ReferralStatus.HELD);
        ReferralStatusEvent old = event("b", ReferralStatus.HELD);
        ReferralStatusEvent a3 = event("a", ReferralStatus.ARRIVED);
        ReferralStatusEvent b2 = event("b", ReferralStatus.HELD);
        List<ReferralStatusEvent> batch = List.of(a1, b1, a2, old, a1, a3, b2, a2);
        Set<UUID> fresh = Set.of(a1, b1, a2, a3, b2).stream().map(ReferralStatusEvent::eventId).collect(Collectors.toSet());

        assertThat(ReferralService.waves(batch, fresh), is(List.of(List.of(a1, b1), List.of(a2, b2), List.of(a3))));
        assertThat(ReferralService.waves(batch, Set.of()), is(List.of()));
    }

    private static ReferralStatusEvent event(String referralId, ReferralStatus status) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId, "maraude-19-a",
                status, null, null, null, null, now, "75019", null);
    }
}
