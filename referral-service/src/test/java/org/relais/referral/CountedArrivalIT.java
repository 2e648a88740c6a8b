package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.Topics;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * An arrival's consumed hold stops counting even when capacity-service's ARRIVAL-caused state record never reaches
 * referral-service (dead-lettered, compacted away): any later state that counts the arrival releases it, once.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class CountedArrivalIT {

    @Test
    void aLaterStateNamingTheArrivalReleasesItsHoldOnce() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("arrivals"), arrondissement, 2, 2, 1);
        String facilityId = shelter.facilityId();
        String arrived = RelaisKafka.freshId("arrived");
        String staying = RelaisKafka.freshId("staying");
        String waiting = RelaisKafka.freshId("waiting");
        Instant reported = shelter.availability().updatedAt();

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader held = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            kafka.publish(shelter);
            kafka.flush();
            awaitKnown(facilityId);
            kafka.publish(RelaisKafka.request(arrived, arrondissement, Instant.now()));
            kafka.publish(arrived, RelaisKafka.request(staying, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(staying, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", arrived)
                    .then().statusCode(200);

            // capacity-service's ARRIVAL-caused state (version 2) is lost; a later one (version 3, say new opening
            // hours) names the arrival among those counted since the operator's report.
            FacilityStateEvent arrival = RelaisKafka.state(shelter.facility(),
                    new Availability(1, 2, reported, 2, List.of(arrived)), new FacilityStateEvent.Cause("ARRIVAL", arrived));
            kafka.publish(RelaisKafka.state(shelter.facility(), new Availability(1, 2, reported, 3, List.of(arrived)), null));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> heldCounts(held, facilityId).equals(List.of(1, 2, 1)));

            // The lost record turns up late, and the next state names the arrival again: neither releases it twice.
            // A referral waiting meanwhile gets the place a new report frees, and only then: held goes back to 2.
            kafka.publish(RelaisKafka.request(waiting, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(waiting, ReferralStatus.WAITLISTED);
            kafka.publish(arrival);
            kafka.publish(RelaisKafka.state(shelter.facility(), new Availability(2, 2, Instant.now(), 4, List.of()), null));
            kafka.flush();
            statuses.awaitSteps(waiting, ReferralStatus.WAITLISTED, ReferralStatus.HELD);
            assertEquals(List.of(1, 2, 1, 2), heldCounts(held, facilityId));
        }
    }

    @Test
    void aLaterReportCountingThePersonReleasesTheHold() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("reported"), arrondissement, 1, 1, 1);
        String facilityId = shelter.facilityId();
        String arrived = RelaisKafka.freshId("arrived");

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader held = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            kafka.publish(shelter);
            kafka.flush();
            awaitKnown(facilityId);
            kafka.publish(RelaisKafka.request(arrived, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(arrived, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", arrived)
                    .then().statusCode(200);

            // The ARRIVAL-caused state is lost; the operator's next report, made 3 minutes after the arrival (beyond
            // the margin for the device's clock), counted the person: a report starts the list of arrivals afresh.
            Instant afterTheArrival = Instant.now().plus(Duration.ofMinutes(3));
            kafka.publish(RelaisKafka.state(shelter.facility(), new Availability(0, 1, afterTheArrival, 3, List.of()), null));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> heldCounts(held, facilityId).equals(List.of(1, 0)));
        }
    }

    /**
     * An operator confirming the count unchanged after an arrival that capacity-service has not counted yet (its
     * consumer lagging) vouches for the count without counting anyone: the consumed hold keeps counting, so the place
     * the person took is not offered again. Only an actual report made after the arrival releases it.
     */
    @Test
    void aConfirmationAfterAnArrivalDoesNotPutThePlaceBack() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("confirmed"), arrondissement, 1, 1, 1);
        String facilityId = shelter.facilityId();
        String arrived = RelaisKafka.freshId("arrived");
        String waiting = RelaisKafka.freshId("waiting");
        Instant counted = shelter.availability().updatedAt();

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader held = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            kafka.publish(shelter);
            kafka.flush();
            awaitKnown(facilityId);
            kafka.publish(RelaisKafka.request(arrived, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(arrived, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", arrived)
                    .then().statusCode(200);

            // Confirmed 3 minutes after the arrival (beyond the clock margin): updatedAt moves, countedAt does not.
            Instant afterTheArrival = Instant.now().plus(Duration.ofMinutes(3));
            kafka.publish(new FacilityStateEvent(java.util.UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION,
                    FacilityStateEvent.Type.AVAILABILITY_CONFIRMED, Instant.now(), facilityId, shelter.facility(),
                    new Availability(1, 1, afterTheArrival, 2, List.of(), counted), null));
            kafka.publish(RelaisKafka.request(waiting, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(waiting, ReferralStatus.WAITLISTED);
            assertEquals(List.of(1), heldCounts(held, facilityId));

            // The operator's next report counted the person inside: now the consumed hold stops counting.
            kafka.publish(RelaisKafka.state(shelter.facility(), new Availability(0, 1, afterTheArrival.plusSeconds(1), 3,
                    List.of()), null));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).until(() -> heldCounts(held, facilityId).equals(List.of(1, 0)));
            statuses.awaitSteps(waiting, ReferralStatus.WAITLISTED);
        }
    }

    private static void awaitKnown(String facilityId) {
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then().statusCode(200));
    }

    private static List<Integer> heldCounts(TopicReader held, String facilityId) {
        return held.values(FacilityHoldsEvent.class).stream().filter(h -> h.facilityId().equals(facilityId)).map(FacilityHoldsEvent::held).toList();
    }
}
