package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.referral.domain.Reach;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/**
 * Matching across the board's arrondissement lines, end to end through the topics: a request in the 19e whose own
 * arrondissement is full is held at the nearest open place in the 18e, unless the patrol kept it to the 19e; a place
 * farther than relais.matching.max-distance is not offered; a place freed in the 18e goes to the board's waitlist in
 * its order. No other test uses the board's codes; each test here starts with none of their facilities or waiters.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class MatchingAcrossTheBoardIT {

    /** Near the 18e/19e line, on the 19e side (rue d'Aubervilliers). */
    private static final double LAT = 48.8840;
    private static final double LON = 2.3660;

    @Inject
    Pool pool;

    @BeforeEach
    void boardIsEmpty() {
        pool.preparedQuery("DELETE FROM facility_availability WHERE arrondissement = ANY($1)")
                .execute(Tuple.of(Reach.BOARD.toArray(String[]::new))).await().indefinitely();
        pool.preparedQuery("DELETE FROM referral WHERE arrondissement = ANY($1) AND status = 'WAITLISTED'")
                .execute(Tuple.of(Reach.BOARD.toArray(String[]::new))).await().indefinitely();
    }

    @Test
    void aRequestIn19WithIts19FullIsHeldAtTheNearestOpenPlaceIn18UnlessKeptTo19() throws Exception {
        FacilityStateEvent full19 = shelter("full-19", "75019", 48.8850, 2.3700, 0);
        FacilityStateEvent near18 = shelter("near-18", "75018", 48.8880, 2.3560, 1);
        FacilityStateEvent farther18 = shelter("farther-18", "75018", 48.8900, 2.3480, 1);
        String crossing = RelaisKafka.freshId("crossing");
        String keptHome = RelaisKafka.freshId("kept-home");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            publishApplied(kafka, full19, near18, farther18);

            kafka.publish(RelaisKafka.request(crossing, "75019", Instant.now(), null, RelaisKafka.NO_NEEDS, LAT, LON));
            kafka.flush();
            statuses.awaitSteps(crossing, ReferralStatus.HELD);
            ReferralStatusEvent held = statuses.latest(crossing).orElseThrow();
            assertEquals(near18.facilityId(), held.facilityId());
            assertEquals(856, held.distanceMeters(), 5);

            // A place is still open across the line (farther-18), but this patrol asked for the 19e only.
            kafka.publish(RelaisKafka.request(keptHome, "75019", Instant.now(), null, RelaisKafka.NO_NEEDS, LAT, LON, true));
            kafka.flush();
            statuses.awaitSteps(keptHome, ReferralStatus.WAITLISTED);
            assertNull(statuses.latest(keptHome).orElseThrow().distanceMeters());
            assertEquals(1, offered(farther18.facilityId()));
        }
    }

    @Test
    void aPlaceBeyondTheMaximumDistanceIsNotOffered() throws Exception {
        FacilityStateEvent full19 = shelter("full-19", "75019", 48.8850, 2.3700, 0);
        // Near the Moulin Rouge: about 3.2 km from the request, in the 18e.
        FacilityStateEvent far18 = shelter("far-18", "75018", 48.8990, 2.3290, 2);
        String referral = RelaisKafka.freshId("too-far");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            publishApplied(kafka, full19, far18);
            kafka.publish(RelaisKafka.request(referral, "75019", Instant.now(), null, RelaisKafka.NO_NEEDS, LAT, LON));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.WAITLISTED);
            assertEquals(2, offered(far18.facilityId()));
        }
    }

    @Test
    void aPlaceFreedIn18GoesToTheBoardsWaitlistInItsOrder() throws Exception {
        FacilityStateEvent full19 = shelter("full-19", "75019", 48.8850, 2.3700, 0);
        FacilityStateEvent full18 = shelter("full-18", "75018", 48.8880, 2.3560, 0);
        String waiting19 = RelaisKafka.freshId("waiting-19");
        String waiting18 = RelaisKafka.freshId("waiting-18");

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            publishApplied(kafka, full19, full18);
            // The 19e's request waits longer than the 18e's: the freed place in the 18e is its.
            kafka.publish(RelaisKafka.request(waiting19, "75019", Instant.now().minus(Duration.ofMinutes(20)), null,
                    RelaisKafka.NO_NEEDS, LAT, LON));
            kafka.publish(RelaisKafka.request(waiting18, "75018", Instant.now().minus(Duration.ofMinutes(10)), null,
                    RelaisKafka.NO_NEEDS, 48.8870, 2.3550));
            kafka.flush();
            statuses.awaitSteps(waiting19, ReferralStatus.WAITLISTED);
            statuses.awaitSteps(waiting18, ReferralStatus.WAITLISTED);

            kafka.publish(RelaisKafka.recount(full18, 1, null));
            kafka.flush();
            statuses.awaitSteps(waiting19, ReferralStatus.WAITLISTED, ReferralStatus.HELD);
            assertEquals(full18.facilityId(), statuses.latest(waiting19).orElseThrow().facilityId());
            assertEquals(0, offered(full18.facilityId()));
            statuses.awaitSteps(waiting18, ReferralStatus.WAITLISTED);
        }
    }

    /** An always-open shelter taking everyone, in this arrondissement, with {@code free} of 4 places. */
    private static FacilityStateEvent shelter(String name, String arrondissement, double latitude, double longitude, int free) {
        return RelaisKafka.state(RelaisKafka.shelter(RelaisKafka.freshId(name), arrondissement, RelaisKafka.EVERYONE,
                latitude, longitude), free, 4, 1, null);
    }

    /** Publishes the states and waits until referral-service's view has them all. */
    private void publishApplied(EventProducer kafka, FacilityStateEvent... states) {
        for (FacilityStateEvent state : states) {
            kafka.publish(state);
        }
        kafka.flush();
        for (FacilityStateEvent state : states) {
            await().atMost(RelaisKafka.PATIENCE).until(() -> offered(state.facilityId()) == state.availability().free());
        }
    }

    /** Places the facility still offers ({@code free - held}); -1 while referral-service does not know it. */
    private int offered(String facilityId) {
        var rows = pool.preparedQuery("SELECT free - held FROM facility_availability WHERE facility_id = $1")
                .execute(Tuple.of(facilityId)).await().indefinitely();
        return rows.size() == 0 ? -1 : rows.iterator().next().getInteger(0);
    }
}
