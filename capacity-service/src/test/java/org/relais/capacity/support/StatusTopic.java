package org.relais.capacity.support;

import java.time.Instant;
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

/** Writes to relais.referral-status as referral-service does, so the service's real consumer reads it. */
public final class StatusTopic implements AutoCloseable {

    private static final EventJson JSON = new EventJson();

    private final KafkaProducer<String, String> producer;

    public StatusTopic() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RelaisInfrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** A status change of {@code referralId}, from HELD, at {@code facilityId}. */
    public static ReferralStatusEvent status(String referralId, String facilityId, ReferralStatus status) {
        Instant now = Instant.now();
        return new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, now, referralId,
                "maraude-18-a", status, ReferralStatus.HELD, facilityId, null, null, now.minusSeconds(600), "75018",
                null);
    }

    /** Sends the arrival of a new referral, keyed by its id; returns the referral id. */
    public String arrival(String facilityId) {
        String referral = "ref-" + UUID.randomUUID();
        arrival(referral, referral, facilityId);
        return referral;
    }

    /** Sends the arrival of {@code referralId} keyed by {@code key} (one key, one partition: read in order). */
    public void arrival(String key, String referralId, String facilityId) {
        send(key, JSON.write(status(referralId, facilityId, ReferralStatus.ARRIVED)));
    }

    public void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.REFERRAL_STATUS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce the test record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
