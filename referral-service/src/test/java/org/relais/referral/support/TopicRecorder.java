package org.relais.referral.support;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.testing.RelaisInfrastructure;

/**
 * Records what is published to a topic from now on (all partitions, from their current end), on a thread of
 * its own. The topics keep records of earlier tests of the run: tests filter by their own ids.
 */
public final class TopicRecorder<T> implements AutoCloseable {

    private static final EventJson JSON = new EventJson();

    private final KafkaConsumer<String, String> consumer;
    private final List<Keyed<T>> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public record Keyed<T>(String key, T value) {
    }

    public TopicRecorder(String topic, Class<T> type) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RelaisInfrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "referral-test-recorder-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, before the test publishes anything.
        partitions.forEach(consumer::position);
        poller = new Thread(() -> {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        records.add(new Keyed<>(record.key(), type == String.class
                                ? type.cast(record.value()) : JSON.read(record.value(), type)));
                    } catch (PoisonEventException e) {
                        // Another suite's poison test: not ours.
                    }
                }
            }
            consumer.close();
        }, "recorder-" + topic);
        poller.start();
    }

    public List<T> values() {
        return records.stream().map(Keyed::value).toList();
    }

    public List<Keyed<T>> keyed() {
        return List.copyOf(records);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join();
    }
}
