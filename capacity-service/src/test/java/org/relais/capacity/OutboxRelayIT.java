package org.relais.capacity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent.Type;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.TopicReader;

/**
 * The outbox relay publishes every accepted change exactly once, in order, keyed by facility id, and a
 * refused change publishes nothing. "Nothing more" is observed without waiting: the test ends each scenario
 * with one more accepted change, and since the relay sends a facility's events in order on one partition,
 * anything published for the earlier changes is on the topic before that last event.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class OutboxRelayIT {

    @Inject
    EventJson json;

    @Inject
    Pool pool;

    @Test
    void publishesEachAcceptedChangeExactlyOnceAndRefusedOnesNever() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(10);
            Instant asOf = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(asOf)).statusCode(200);
            report(id, "{\"free\": 9, \"asOf\": \"%s\"}".formatted(asOf.minusSeconds(60))).statusCode(409);
            report(id, "{\"free\": 11}").statusCode(422);
            report(id, "{\"free\": -3}").statusCode(400);
            report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(asOf)).statusCode(200); // a repeat
            asAdmin().contentType(ContentType.JSON).body("{\"arrondissement\": \"x\"}")
                    .patch("/api/facilities/{id}", id).then().statusCode(400);
            asAdmin().contentType(ContentType.JSON).body("{\"name\": \"Halte renommée\", \"totalPlaces\": 12}")
                    .patch("/api/facilities/{id}", id).then().statusCode(200);
            // Older than the new total, which it would undo.
            report(id, "{\"free\": 2, \"asOf\": \"%s\"}".formatted(asOf.plusSeconds(60))).statusCode(409);
            report(id, "{\"free\": 2}").statusCode(200);

            List<FacilityStateEvent> events = events(topic.awaitRecords(id, r -> r.size() >= 4 && lastVersion(r) == 4));

            assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(e -> e.availability().version()).toList());
            assertEquals(List.of(Type.FACILITY_REGISTERED, Type.AVAILABILITY_CHANGED, Type.FACILITY_UPDATED,
                    Type.AVAILABILITY_CHANGED), events.stream().map(FacilityStateEvent::type).toList());
            assertEquals(List.of(0, 4, 4, 2), events.stream().map(e -> e.availability().free()).toList());
            assertEquals(4, new HashSet<>(events.stream().map(FacilityStateEvent::eventId).toList()).size());
            FacilityStateEvent renamed = events.get(2);
            assertEquals("Halte renommée", renamed.facility().name());
            assertEquals(12, renamed.availability().total());
            assertEquals(asOf, renamed.availability().updatedAt());
            events.forEach(e -> {
                assertEquals(id, e.facilityId());
                assertEquals(id, e.facility().id());
                assertEquals(FacilityStateEvent.SCHEMA_VERSION, e.schemaVersion());
            });

            // Relayed rows leave the outbox once the broker acknowledged them.
            await().atMost(Duration.ofSeconds(10)).until(() -> pool
                    .preparedQuery("SELECT count(*) FROM outbox_event WHERE record_key = $1").execute(Tuple.of(id))
                    .await().indefinitely().iterator().next().getLong(0) == 0);
        }
    }

    /**
     * Reports racing on one facility (as from two instances) are applied one after the other: versions
     * have no gap and no twin, the latest report always wins, and each accepted one is published once.
     */
    @Test
    void concurrentReportsAreSerialized() throws Exception {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(50);
            Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            Collections.shuffle(order);
            ExecutorService operators = Executors.newFixedThreadPool(order.size());
            List<Future<Integer>> statuses = new ArrayList<>();
            try {
                for (int i : order) {
                    statuses.add(operators.submit(() -> report(id,
                            "{\"free\": %d, \"asOf\": \"%s\"}".formatted(i, base.plusSeconds(i)))
                            .extract().statusCode()));
                }
                int accepted = 0;
                for (Future<Integer> status : statuses) {
                    int code = status.get();
                    assertTrue(code == 200 || code == 409, "unexpected status " + code);
                    accepted += code == 200 ? 1 : 0;
                }
                long lastVersion = 1L + accepted;

                asCoordinator().get("/api/facilities/{id}/availability", id)
                        .then().statusCode(200)
                        .body("free", equalTo(9))
                        .body("updatedAt", equalTo(base.plusSeconds(9).toString()))
                        .body("version", equalTo((int) lastVersion));

                List<FacilityStateEvent> events = events(topic.awaitRecords(id, r -> lastVersion(r) == lastVersion));
                assertEquals(LongStream.rangeClosed(1, lastVersion).boxed().toList(),
                        events.stream().map(e -> e.availability().version()).toList());
                for (int i = 2; i < events.size(); i++) {
                    assertTrue(!events.get(i).availability().updatedAt().isBefore(events.get(i - 1).availability().updatedAt()),
                            "a report older than its predecessor was accepted");
                }
            } finally {
                operators.shutdownNow();
            }
        }
    }

    /**
     * A record the broker can never take (here over the producer's max.request.size, 1 MiB) is parked, kept for an
     * operator to look at, and the events behind it are relayed as usual: it blocks neither its topic nor the service.
     */
    @Test
    void aRecordTheBrokerRefusesIsParkedAndTheOthersAreRelayed() {
        UUID refused = UUID.randomUUID();
        String refusedKey = newFacilityId();
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            pool.preparedQuery("INSERT INTO outbox_event (event_id, topic, record_key, payload) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(refused, Topics.FACILITY_STATE, refusedKey,
                            "{\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"))
                    .await().indefinitely();
            String id = registerFacility(10);
            report(id, "{\"free\": 4}").statusCode(200);

            List<FacilityStateEvent> events = events(topic.awaitRecords(id, r -> lastVersion(r) == 2));
            assertEquals(List.of(1L, 2L), events.stream().map(e -> e.availability().version()).toList());
            Row parked = await().atMost(Duration.ofSeconds(10)).until(() -> pool
                    .preparedQuery("SELECT parked_at, parked_reason FROM outbox_event WHERE event_id = $1")
                    .execute(Tuple.of(refused)).await().indefinitely().iterator().next(),
                    row -> row.getValue("parked_at") != null);
            assertEquals("RecordTooLargeException", parked.getString("parked_reason"));
            assertTrue(topic.awaitRecords(refusedKey, r -> true).isEmpty());
            // The producer's refusal of one record is not a failed channel.
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            pool.preparedQuery("DELETE FROM outbox_event WHERE event_id = $1").execute(Tuple.of(refused))
                    .await().indefinitely();
        }
    }

    /**
     * Every record carries the CloudEvents 1.0 binary-mode headers (Kafka binding): the value stays the event's JSON,
     * the headers repeat its id, type and time, and say which service published it.
     */
    @Test
    void everyRecordCarriesTheCloudEventsHeaders() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(10);
            report(id, "{\"free\": 3}").statusCode(200);

            List<ConsumerRecord<String, String>> records = topic.awaitRecords(id, r -> lastVersion(r) == 2);

            assertEquals(2, records.size());
            for (ConsumerRecord<String, String> record : records) {
                FacilityStateEvent event = json.read(record.value(), FacilityStateEvent.class);
                assertEquals("1.0", header(record, "ce_specversion"));
                assertEquals(event.eventId().toString(), header(record, "ce_id"));
                assertEquals("org.relais.facility-state." + event.type().name(), header(record, "ce_type"));
                assertEquals("/relais/capacity-service", header(record, "ce_source"));
                assertEquals(event.occurredAt(), Instant.parse(header(record, "ce_time")));
                assertEquals("application/json", header(record, "content-type"));
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        assertTrue(header != null, () -> "no header " + name);
        return new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<FacilityStateEvent> events(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> json.read(r.value(), FacilityStateEvent.class)).toList();
    }

    private long lastVersion(List<ConsumerRecord<String, String>> records) {
        return records.isEmpty() ? 0 : json.read(records.get(records.size() - 1).value(), FacilityStateEvent.class)
                .availability().version();
    }
}
