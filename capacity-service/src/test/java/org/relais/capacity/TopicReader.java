package org.relais.capacity;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.relais.testing.RelaisInfrastructure;

/**
 * Reads a topic from its current end with a plain consumer (no group, so it steals nothing): what a test
 * sees is exactly what was published after it opened the reader.
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private TopicReader(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RelaisInfrastructure.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "capacity-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the end offsets now, before the test publishes anything.
        partitions.forEach(consumer::position);
    }

    static TopicReader fromEnd(String topic) {
        return new TopicReader(topic);
    }

    /** Polls until the records read so far (those with {@code key}) satisfy {@code done}; returns them. */
    List<ConsumerRecord<String, String>> awaitRecords(String key, Predicate<List<ConsumerRecord<String, String>>> done) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return done.test(withKey(key));
        });
        return withKey(key);
    }

    /** Polls once; returns the records read so far with {@code key}. */
    List<ConsumerRecord<String, String>> read(String key) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return withKey(key);
    }

    private List<ConsumerRecord<String, String>> withKey(String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
