package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/** Redelivered or repeated events change nothing; poison goes to the dead-letter topic. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class RequestIdempotencyIT {


    @Test
    void redeliveredRequestHoldsOnce() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("redelivery-shelter"), arrondissement, 3, 3, 1);
        String referral = RelaisKafka.freshId("redelivered");
        String sentinel = RelaisKafka.freshId("sentinel");
        ReferralRequestEvent.Requested request = RelaisKafka.request(referral, arrondissement, Instant.now());
        // The same referral again under a new event id (a patrol-service replay), and a second request for it.
        ReferralRequestEvent.Requested again = new ReferralRequestEvent.Requested(UUID.randomUUID(),
                request.schemaVersion(), request.occurredAt(), referral, request.patrolId(),
                arrondissement, null, null, request.needs(), request.kinds(), null, false);

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));

            kafka.publish(request);
            kafka.publish(request);
            kafka.publish(again);
            // Same key, so applied after the three above: once it is held, they have all been applied.
            kafka.publish(referral, RelaisKafka.request(sentinel, arrondissement, Instant.now()));
            kafka.flush();

            statuses.awaitSteps(sentinel, ReferralStatus.HELD);
            assertEquals(List.of(ReferralStatus.HELD), statuses.statuses(referral));
            As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().body("$", hasSize(2));

            // A redelivered state of the facility (same version) changes nothing either.
            kafka.publish(shelter);
            kafka.publish(referral, RelaisKafka.cancel(sentinel));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.statuses(sentinel).size() == 2);
            As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().body("$", hasSize(1));
        }
    }

    @Test
    void poisonGoesToTheDeadLetterTopic() throws Exception {
        String key = RelaisKafka.freshId("poison");
        String arrondissement = RelaisKafka.freshArrondissement();
        String after = RelaisKafka.freshId("after-poison");
        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER)) {
            kafka.publish(Topics.REFERRAL_REQUESTS, key, "{not json");
            kafka.publish(Topics.REFERRAL_REQUESTS, key, "{\"type\":\"REFERRAL_REQUESTED\",\"eventId\":\""
                    + UUID.randomUUID() + "\",\"referralId\":\"" + key + "\",\"patrolId\":\"p\",\"arrondissement\":\"x\"}");
            // The consumer goes on after poison: a valid request on the same partition is applied.
            kafka.publish(key, RelaisKafka.request(after, arrondissement, Instant.now()));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> deadLetters.readToEnd().stream().filter(r -> key.equals(r.key())).count() == 2);
            statuses.awaitSteps(after, ReferralStatus.WAITLISTED);
            assertEquals(List.of(), statuses.statuses(key));
        }
    }
}
