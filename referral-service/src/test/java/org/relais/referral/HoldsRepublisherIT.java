package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.publishing.HoldsRepublisher;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/** A broker that lost a facility's held count gets it back, at the same version. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class HoldsRepublisherIT {

    @Inject
    HoldsRepublisher republisher;

    @Test
    void aHeldCountTheTopicLacksIsPublishedAgainUnchanged() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("republished-holds"), arrondissement, 3, 3, 1);
        String referral = RelaisKafka.freshId("held");
        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                    .queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD);
        }
        Map<String, Long> onTopic = new HashMap<>();
        await().atMost(RelaisKafka.PATIENCE).until(() -> {
            onTopic.clear();
            onTopic.putAll(republisher.versionsOnTopic());
            return onTopic.getOrDefault(shelter.facilityId(), 0L) >= 1;
        });
        long version = onTopic.remove(shelter.facilityId());
        try (TopicReader holds = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            assertTrue(republisher.republishMissing(onTopic) >= 1);
            await().atMost(RelaisKafka.PATIENCE).until(() ->
                    holds.values(FacilityHoldsEvent.class).stream().anyMatch(h -> h.facilityId().equals(shelter.facilityId())));
            List<FacilityHoldsEvent> again = holds.values(FacilityHoldsEvent.class).stream()
                    .filter(h -> h.facilityId().equals(shelter.facilityId())).toList();
            assertEquals(1, again.get(0).held());
            assertEquals(version, again.get(0).version());
        }
    }
}
