package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Gender;
import org.relais.events.ReferralStatus;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/** A person the patrol did not describe is placed only where every gender is welcome. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class UnstatedGenderIT {

    @Test
    void aRequestWithoutGenderIsNeverHeldInAWomenOnlyPlace() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        Facility womenOnly = RelaisKafka.shelter(RelaisKafka.freshId("women-only"), arrondissement,
                new Eligibility(Set.of(Gender.WOMAN), true, true, true, true), 48.8900, 2.3500);
        Facility everyone = RelaisKafka.shelter(RelaisKafka.freshId("everyone"), arrondissement, RelaisKafka.EVERYONE,
                48.9000, 2.3800);
        String first = RelaisKafka.freshId("unstated");
        String second = RelaisKafka.freshId("unstated");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            for (Facility facility : new Facility[] {womenOnly, everyone}) {
                FacilityStateEvent state = RelaisKafka.state(facility, 1, 1, 1, null);
                kafka.publish(state);
                kafka.flush();
                await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                        .queryParam("facilityId", facility.id()).get("/api/holds").then().statusCode(200));
            }
            // Both stand next to the women-only shelter, and say nothing of their gender.
            kafka.publish(RelaisKafka.request(first, arrondissement, Instant.now(), null, RelaisKafka.NO_NEEDS, 48.8901, 2.3501));
            kafka.publish(first, RelaisKafka.request(second, arrondissement, Instant.now(), null, RelaisKafka.NO_NEEDS,
                    48.8901, 2.3501));
            kafka.flush();

            statuses.awaitSteps(first, ReferralStatus.HELD);
            assertEquals(everyone.id(), statuses.latest(first).orElseThrow().facilityId());
            // The women-only place is still free, yet the second waits.
            statuses.awaitSteps(second, ReferralStatus.WAITLISTED);
        }
    }
}
