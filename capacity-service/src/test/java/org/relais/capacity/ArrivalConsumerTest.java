package org.relais.capacity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.relais.capacity.Fixtures.asCoordinator;
import static org.relais.capacity.Fixtures.registerFacility;
import static org.relais.capacity.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.outbox.EventJson;
import org.relais.testing.TestTokenResource;

/**
 * Arrivals read from relais.referral-status. Each scenario sends its records with one key, so they sit on
 * one partition and are consumed in order: once the last record's effect shows, the earlier ones
 * (duplicates, ignored statuses, poison) have been handled too.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ArrivalConsumerTest {

    @Inject
    EventJson json;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void openProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void anArrivalTakesOnePlaceOnceEvenWhenRedelivered() throws Exception {
        String id = registerFacility(10);
        report(id, "{\"free\": 3}").statusCode(200);
        String key = "ref-" + UUID.randomUUID();
        String first = "ref-" + UUID.randomUUID();
        String second = "ref-" + UUID.randomUUID();
        ReferralStatusEvent arrival = status(first, id, ReferralStatus.ARRIVED);

        send(key, json.write(arrival));
        send(key, json.write(arrival)); // redelivered
        send(key, json.write(status(first, id, ReferralStatus.HELD))); // not an arrival: ignored
        send(key, json.write(status(second, id, ReferralStatus.ARRIVED)));

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
            String referral = "ref-" + UUID.randomUUID();
            send(referral, json.write(status(referral, id, ReferralStatus.ARRIVED)));

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

            send(key, "{this is not a status event");
            send(key, json.write(status(referral, id, ReferralStatus.ARRIVED)));

            List<ConsumerRecord<String, String>> dead = deadLetters.awaitRecords(key, r -> !r.isEmpty());
            assertEquals("{this is not a status event", dead.get(0).value());
            assertNotNull(dead.get(0).headers().lastHeader("dead-letter-reason"));
            assertEquals(List.of(referral), awaitArrivals(id, 1).stream().map(a -> a.get("referralId")).toList());
            asCoordinator().get("/api/facilities/{id}/availability", id).then().body("free", equalTo(5));
        }
    }

    private ReferralStatusEvent status(String referralId, String facilityId, ReferralStatus status) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId,
                "maraude-18-a", status, ReferralStatus.HELD, facilityId, null, null, now.minusSeconds(600), "75018");
    }

    private void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.REFERRAL_STATUS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce the test record", e);
        }
    }

    /** The causes of the facility's arrivals, newest first, once there are {@code count} of them. */
    private List<Map<String, Object>> awaitArrivals(String facilityId, int count) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> causes(facilityId), c -> c.size() >= count);
    }

    private List<Map<String, Object>> causes(String facilityId) {
        JsonPath history = asCoordinator().get("/api/facilities/{id}/availability/history", facilityId)
                .then().statusCode(200).extract().jsonPath();
        return history.<Map<String, Object>>getList("cause").stream().filter(c -> c != null).toList();
    }
}
