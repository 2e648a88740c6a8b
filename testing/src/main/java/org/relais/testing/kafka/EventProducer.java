package org.relais.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.relais.events.EventJson;
import org.relais.events.RelaisEvent;
import org.relais.events.Topics;
import org.relais.outbox.CloudEventHeaders;
import org.relais.testing.RelaisInfrastructure;

/**
 * Plays the service that owns a topic, so that the service under test reads with its real consumer what the other one
 * would have published: acks=all, the event's JSON by the services' own {@link EventJson}, under its own key (one
 * facility's or one referral's events on one partition, in order) and with the CloudEvents headers of the outbox relay
 * ({@link CloudEventHeaders}). {@code send} waits for the broker's acknowledgement; {@code publish} does not (a burst
 * reaches the service together), and {@link #flush()} then waits for everything published.
 */
public final class EventProducer implements AutoCloseable {

    private static final EventJson JSON = new EventJson();

    private final KafkaProducer<String, String> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public EventProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RelaisInfrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** On the event's topic under its key; returns once the broker has it. */
    public void send(RelaisEvent event) {
        acknowledged(publish(event));
    }

    /** Likewise under another key, e.g. one shared by several referrals: one partition, read in order. */
    public void send(String key, RelaisEvent event) {
        acknowledged(publish(key, event));
    }

    /** A record that need not be an event (a poison one), without headers; returns once the broker has it. */
    public void send(String topic, String key, String value) {
        acknowledged(publish(topic, key, value));
    }

    /** Likewise with these headers. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        acknowledged(hand(record));
    }

    /** On the event's topic under its key, without waiting. */
    public Future<RecordMetadata> publish(RelaisEvent event) {
        return publish(event.recordKey(), event);
    }

    /** On the event's topic under another key, e.g. an earlier referral's: same partition, so read after its records. */
    public Future<RecordMetadata> publish(String key, RelaisEvent event) {
        EventJson.Written written = JSON.writeForRecord(event);
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), key, written.json());
        CloudEventHeaders.of(event.eventId(), CloudEventHeaders.type(event.topic(), written.type()),
                CloudEventHeaders.source(publisherOf(event.topic())),
                written.occurredAt() == null ? null : written.occurredAt().atOffset(ZoneOffset.UTC))
                .forEach(record.headers()::add);
        return hand(record);
    }

    /** A record that need not be an event, without headers and without waiting. */
    public Future<RecordMetadata> publish(String topic, String key, String value) {
        return hand(new ProducerRecord<>(topic, key, value));
    }

    /** Waits until the broker has everything published so far; fails if it refused any of it. */
    public void flush() {
        producer.flush();
        List<Future<RecordMetadata>> sent = List.copyOf(pending);
        pending.clear();
        sent.forEach(EventProducer::acknowledged);
    }

    private Future<RecordMetadata> hand(ProducerRecord<String, String> record) {
        Future<RecordMetadata> sent = producer.send(record);
        pending.removeIf(Future::isDone);
        pending.add(sent);
        return sent;
    }

    private static void acknowledged(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing a test record", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce a test record", e.getCause());
        }
    }

    /** The service that publishes a topic: its application name, as the relay puts it in ce_source. */
    private static String publisherOf(String topic) {
        return switch (topic) {
            case Topics.FACILITY_STATE -> "capacity-service";
            case Topics.REFERRAL_REQUESTS -> "patrol-service";
            case Topics.REFERRAL_STATUS, Topics.FACILITY_HOLDS -> "referral-service";
            default -> throw new IllegalArgumentException("no service publishes " + topic);
        };
    }

    @Override
    public void close() {
        producer.close();
    }
}
