package org.relais.capacity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.arrivalsOf;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;
import static org.relais.capacity.support.StatusEvents.arrival;
import static org.relais.capacity.support.StatusEvents.newReferralId;
import static org.relais.capacity.support.StatusEvents.status;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.capacity.publishing.StateRepublisher;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * Arrivals read from relais.referral-status. Each scenario sends its records with one key, so they sit on
 * one partition and are consumed in order: once the last record's effect shows, the earlier ones
 * (duplicates, ignored statuses, poison) have been handled too.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ArrivalConsumerIT {

    @Inject
    EventJson json;

    @Inject
    StateRepublisher republisher;

    @Inject
    Pool pool;

    private EventProducer statuses;

    @BeforeEach
    void openProducer() {
        statuses = new EventProducer();
    }

    @AfterEach
    void closeProducer() {
        statuses.close();
    }

    @Test
    void anArrivalTakesOnePlaceOnceEvenWhenRedelivered() throws Exception {
        String id = registerFacility(10);
        report(id, "{\"free\": 3}").statusCode(200);
        String key = "ref-" + UUID.randomUUID();
        String first = "ref-" + UUID.randomUUID();
        String second = "ref-" + UUID.randomUUID();
        ReferralStatusEvent arrival = status(first, id, ReferralStatus.ARRIVED);

        statuses.send(key, arrival);
        statuses.send(key, arrival); // redelivered
        statuses.send(key, status(first, id, ReferralStatus.HELD)); // not an arrival: ignored
        statuses.send(key, status(second, id, ReferralStatus.ARRIVED));

        List<Map<String, Object>> arrivals = awaitArrivals(id, 2);
        assertEquals(List.of(second, first), arrivals.stream().map(a -> a.get("referralId")).toList());
        asCoordinator().get("/api/facilities/{id}/availability", id)
                .then().statusCode(200)
                .body("free", equalTo(1))
                .body("version", equalTo(4));
    }

    @Test
    void anArrivalAtAFullFacilityIsStillPublished() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(4); // nothing reported yet: free 0
            String referral = newReferralId();
            statuses.send(arrival(referral, id));

            List<ConsumerRecord<String, String>> records = topic.awaitRecords(id, r -> r.size() >= 2);
            assertEquals(2, records.size());
            FacilityStateEvent event = json.read(records.get(1).value(), FacilityStateEvent.class);
            assertEquals(FacilityStateEvent.Type.AVAILABILITY_CHANGED, event.type());
            assertEquals(new FacilityStateEvent.Cause(FacilityStateEvent.Cause.ARRIVAL, referral), event.cause());
            assertEquals(0, event.availability().free());
            assertEquals(2, event.availability().version());
        }
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER)) {
            String id = registerFacility(6);
            report(id, "{\"free\": 6}").statusCode(200);
            String key = "ref-" + UUID.randomUUID();
            String referral = "ref-" + UUID.randomUUID();

            statuses.send(Topics.REFERRAL_STATUS, key, "{this is not a status event");
            statuses.send(key, status(referral, id, ReferralStatus.ARRIVED));

            List<ConsumerRecord<String, String>> dead = deadLetters.awaitRecords(key, r -> !r.isEmpty());
            assertEquals("{this is not a status event", dead.get(0).value());
            assertNotNull(dead.get(0).headers().lastHeader("dead-letter-reason"));
            assertEquals(List.of(referral), awaitArrivals(id, 1).stream().map(a -> a.get("referralId")).toList());
            asCoordinator().get("/api/facilities/{id}/availability", id).then().body("free", equalTo(5));
        }
    }

    /**
     * An operator's report delayed (a phone's offline queue) past an arrival describes a moment before it: applied,
     * it would put back the place the arrival took. It is refused and changes nothing; a report of a moment after
     * the arrival is accepted.
     */
    @Test
    void aReportOfAMomentBeforeAnArrivalIsRefused() {
        String id = registerFacility(10);
        Instant counted = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(counted)).statusCode(200).body("version", equalTo(2));
        statuses.send(arrival(newReferralId(), id));
        awaitArrivals(id, 1);

        report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(counted.plus(5, ChronoUnit.MINUTES)))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("arrival"))
                .body("detail", containsString("report again"));
        asCoordinator().get("/api/facilities/{id}/availability", id)
                .then().statusCode(200)
                .body("free", equalTo(3))
                .body("updatedAt", equalTo(counted.toString()))
                .body("version", equalTo(3));

        Instant recounted = Instant.now();
        report(id, "{\"free\": 3, \"asOf\": \"%s\"}".formatted(recounted))
                .statusCode(200)
                .body("free", equalTo(3))
                .body("version", equalTo(4));
    }

    /**
     * Every state after an arrival names it, the operator's next report included: a consumer that missed the
     * arrival's own state (compacted away, read late) still learns the arrival was counted.
     * The facility's REST view keeps its shape and shows no referral id.
     */
    @Test
    void everyLaterStateNamesTheArrivalsCounted() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(10);
            report(id, "{\"free\": 5}").statusCode(200);
            String referral = newReferralId();
            statuses.send(arrival(referral, id));
            awaitArrivals(id, 1);
            asAdmin().contentType(ContentType.JSON).body("{\"name\": \"Halte renommée\"}")
                    .patch("/api/facilities/{id}", id).then().statusCode(200);
            asAdmin().contentType(ContentType.JSON).body("{\"totalPlaces\": 12}")
                    .patch("/api/facilities/{id}", id).then().statusCode(200)
                    .body("availability.version", equalTo(5))
                    .body("availability", not(hasKey("recentArrivals")));
            republishOnly(id);
            report(id, "{\"free\": 3}").statusCode(200).body("version", equalTo(6));

            List<FacilityStateEvent> events = topic.awaitRecords(id, r -> r.size() >= 7).stream()
                    .map(r -> json.read(r.value(), FacilityStateEvent.class)).toList();
            assertEquals(List.of(FacilityStateEvent.Type.FACILITY_REGISTERED, FacilityStateEvent.Type.AVAILABILITY_CHANGED,
                    FacilityStateEvent.Type.AVAILABILITY_CHANGED, FacilityStateEvent.Type.FACILITY_UPDATED,
                    FacilityStateEvent.Type.FACILITY_UPDATED, FacilityStateEvent.Type.STATE_REPUBLISHED,
                    FacilityStateEvent.Type.AVAILABILITY_CHANGED), events.stream().map(FacilityStateEvent::type).toList());
            assertEquals(List.of(List.of(), List.of(), List.of(referral), List.of(referral), List.of(referral),
                    List.of(referral), List.of(referral)), events.stream().map(e -> e.availability().recentArrivals()).toList());
        }
    }

    /** Publishes this facility's state again as at start, as if the topic had lost it (and only it). */
    private void republishOnly(String facilityId) {
        Map<String, Long> onTopic = new HashMap<>();
        pool.query("SELECT facility_id, version FROM availability").execute().await().indefinitely()
                .forEach(row -> onTopic.put(row.getString("facility_id"), row.getLong("version")));
        onTopic.remove(facilityId);
        assertTrue(republisher.republishMissing(onTopic) >= 1);
    }

    /** The causes of the facility's arrivals, newest first, once there are {@code count} of them. */
    private static List<Map<String, Object>> awaitArrivals(String facilityId, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> arrivalsOf(facilityId), c -> c.size() >= count);
    }
}
