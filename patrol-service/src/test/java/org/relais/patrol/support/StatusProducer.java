package org.relais.patrol.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.relais.events.EventJson;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.testing.RelaisInfrastructure;

/** Plays referral-service: publishes status events as it would, keyed by referral id. */
public final class StatusProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final EventJson json = new EventJson();

    public StatusProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RelaisInfrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static ReferralStatusEvent event(String referralId, String patrolId, ReferralStatus previous, ReferralStatus status,
            String facilityId, Instant holdExpiresAt, String reason) {
        return event(referralId, patrolId, previous, status, facilityId, holdExpiresAt, reason, null);
    }

    /** Likewise, with the held place's distance from the request's position. */
    public static ReferralStatusEvent event(String referralId, String patrolId, ReferralStatus previous, ReferralStatus status,
            String facilityId, Instant holdExpiresAt, String reason, Integer distanceMeters) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId, patrolId,
                status, previous, facilityId, holdExpiresAt, reason, now, "75019", distanceMeters);
    }

    public void send(ReferralStatusEvent event) {
        send(event.referralId(), json.write(event));
    }

    public void send(String key, String payload) {
        send(key, payload, Map.of());
    }

    /** A record with these headers, e.g. the CloudEvents ones the outbox relay sets. */
    public void send(String key, String payload, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.REFERRAL_STATUS, key, payload);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a status event", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
