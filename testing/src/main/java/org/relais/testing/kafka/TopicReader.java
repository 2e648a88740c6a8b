package org.relais.testing.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.testing.RelaisInfrastructure;

/**
 * What is published to one topic from the moment the reader opens: every partition assigned and positioned at its
 * end, no consumer group (it steals no partition from the service under test and commits nothing), read_committed
 * (what a service's consumer would see). The topics keep the records of earlier tests of the run: tests filter by
 * their own ids. Reads happen on the caller's thread; the methods are synchronized so that an Awaitility condition
 * thread and the test's thread never use the consumer at once.
 */
public final class TopicReader implements AutoCloseable {

    /**
     * How long a reader waits for a record. Generous: right after start a service's consumer group is still being
     * assigned its partitions, and the machine may be busy with other builds. Never asserted on.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final EventJson JSON = new EventJson();

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private TopicReader(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RelaisInfrastructure.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-reader-" + topic + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, before the test publishes anything.
        partitions.forEach(consumer::position);
    }

    /** A reader of {@code topic} from its current end. */
    public static TopicReader fromEnd(String topic) {
        return new TopicReader(topic);
    }

    /** Reads until some record matches, and returns the first that does. */
    public synchronized ConsumerRecord<String, String> awaitRecord(Predicate<ConsumerRecord<String, String>> match) {
        await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> !seenSoFar(match).isEmpty());
        return records.stream().filter(match).findFirst().orElseThrow();
    }

    /** Reads until the records with {@code key} read so far satisfy {@code done}; returns them. */
    public synchronized List<ConsumerRecord<String, String>> awaitRecords(String key,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> done.test(seenSoFar(withKey(key))));
        return matching(withKey(key));
    }

    /** Reads what has arrived by now (one short poll); returns every record so far that matches. */
    public synchronized List<ConsumerRecord<String, String>> seenSoFar(Predicate<ConsumerRecord<String, String>> match) {
        poll();
        return matching(match);
    }

    /** Likewise, the records with {@code key}. */
    public List<ConsumerRecord<String, String>> read(String key) {
        return seenSoFar(withKey(key));
    }

    /**
     * Reads up to the current end of every partition and returns every record since the reader opened: afterwards,
     * everything the broker had acknowledged (and committed) when this was called has been seen.
     */
    public synchronized List<ConsumerRecord<String, String>> readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
            if (!reached(end)) {
                poll();
            }
            return reached(end);
        });
        return List.copyOf(records);
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /**
     * Every value up to the current end ({@link #readToEnd()}), decoded as {@code type} with the services' own
     * {@link EventJson}; a record that is no valid event (another suite's poison test) is skipped.
     */
    public synchronized <T> List<T> values(Class<T> type) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readToEnd()) {
            try {
                values.add(JSON.read(record.value(), type));
            } catch (PoisonEventException e) {
                // Not an event of ours.
            }
        }
        return values;
    }

    /** Records whose key is {@code key}. */
    public static Predicate<ConsumerRecord<String, String>> withKey(String key) {
        return r -> Objects.equals(key, r.key());
    }

    private List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> match) {
        return records.stream().filter(match).toList();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
