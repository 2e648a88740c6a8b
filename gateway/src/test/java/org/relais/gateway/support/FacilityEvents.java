package org.relais.gateway.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.relais.events.Availability;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Gender;
import org.relais.events.OpeningHours;
import org.relais.events.OpeningSpan;
import org.relais.events.Topics;
import org.relais.testing.TestAreas;

/** Publishes facility events to the real topics as capacity- and referral-service would, for fresh facilities. */
public final class FacilityEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final KafkaProducer<String, String> producer;

    public FacilityEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    public static String newId() {
        return "gw-test-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A fresh 9xxxx postal code ({@link TestAreas}): isolates a test's facilities from every other test and the real board. */
    public static String newArrondissement() {
        return TestAreas.next();
    }

    public static Facility facility(String id, String arrondissement, FacilityKind kind) {
        return new Facility(id, "Test " + id, kind, arrondissement, "1 rue de Test", 48.89, 2.35, List.of(),
                new Eligibility(Set.of(Gender.WOMAN, Gender.MAN), true, false, true, false), Duration.ofHours(2), true);
    }

    /** The same facility, open only one half hour three days from now: closed now and tonight. */
    public static Facility closedNowAndTonight(Facility f) {
        DayOfWeek day = LocalDate.now(OpeningHours.ZONE).plusDays(3).getDayOfWeek();
        return new Facility(f.id(), f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(), f.longitude(),
                List.of(new OpeningSpan(day, LocalTime.NOON, LocalTime.of(12, 30))), f.eligibility(), f.reportingInterval(),
                f.active());
    }

    public static Facility inactive(Facility f) {
        return new Facility(f.id(), f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(), f.longitude(),
                f.openingHours(), f.eligibility(), f.reportingInterval(), false);
    }

    public void state(Facility facility, int free, int total, Instant updatedAt, long version) {
        state(facility, new Availability(free, total, updatedAt, version), Instant.now());
    }

    public void state(Facility facility, Availability availability, Instant occurredAt) {
        send(Topics.FACILITY_STATE, facility.id(), new FacilityStateEvent(UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION,
                FacilityStateEvent.Type.AVAILABILITY_CHANGED, occurredAt, facility.id(), facility, availability, null));
    }

    public void holds(String facilityId, int held, long version) {
        send(Topics.FACILITY_HOLDS, facilityId, new FacilityHoldsEvent(UUID.randomUUID(), FacilityHoldsEvent.SCHEMA_VERSION,
                Instant.now(), facilityId, held, version));
    }

    private void send(String topic, String key, Object event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(event))).get(10, TimeUnit.SECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
