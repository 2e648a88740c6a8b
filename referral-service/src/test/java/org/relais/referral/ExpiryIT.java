package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.Scrape;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/** Holds and waitlist entries run out, and are counted on /q/metrics: with short durations, in this test only. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
@TestProfile(ExpiryIT.ShortDurations.class)
class ExpiryIT {

    private static final Duration WAITLIST = Duration.ofMinutes(2);

    public static class ShortDurations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "relais.hold.duration", "PT4S",
                    "relais.waitlist.duration", WAITLIST.toString(),
                    "relais.expiry.interval", "1s");
        }
    }

    @Test
    void expiredHoldFreesThePlaceForTheWaitlist() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("expiry-shelter"), arrondissement, 1, 1, 1);
        String first = RelaisKafka.freshId("expiry");
        String second = RelaisKafka.freshId("expiry");
        double expiredBefore = Scrape.now().sum("relais_holds_expired_total");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));
            kafka.publish(RelaisKafka.request(first, arrondissement, Instant.now()));
            kafka.publish(first, RelaisKafka.request(second, arrondissement, Instant.now()));
            kafka.flush();

            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.statuses(second).contains(ReferralStatus.WAITLISTED));
            // Nobody came within the hold time: the place goes to the waiting referral.
            statuses.awaitSteps(first, ReferralStatus.HELD, ReferralStatus.EXPIRED);
            ReferralStatusEvent expired = statuses.latest(first).orElseThrow();
            assertEquals("hold expired", expired.reason());
            assertEquals(shelter.facilityId(), expired.facilityId());
            await().untilAsserted(() -> assertTrue(Scrape.now().sum("relais_holds_expired_total") >= expiredBefore + 1));
            statuses.awaitSteps(second, ReferralStatus.WAITLISTED, ReferralStatus.HELD);
            As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds")
                    .then().body("$", hasSize(1)).body("[0].referralId", org.hamcrest.Matchers.is(second));
            await().atMost(RelaisKafka.PATIENCE).until(() -> statuses.statuses(second).size() == 3);
            assertEquals(ReferralStatus.EXPIRED, statuses.latest(second).orElseThrow().status());
        }
    }

    @Test
    void waitlistEntryExpires() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        String referral = RelaisKafka.freshId("long-wait");
        double expiredBefore = Scrape.now().sum("relais_waitlist_expired_total");
        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            // Requested almost the whole waitlist time ago, in an arrondissement with no place at all.
            kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now().minus(WAITLIST).plusSeconds(3)));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.WAITLISTED, ReferralStatus.EXPIRED);
            ReferralStatusEvent expired = statuses.latest(referral).orElseThrow();
            assertEquals(ReferralStatus.WAITLISTED, expired.previousStatus());
            assertNull(expired.facilityId());
            await().untilAsserted(() -> assertTrue(Scrape.now().sum("relais_waitlist_expired_total") >= expiredBefore + 1));
        }
    }
}
