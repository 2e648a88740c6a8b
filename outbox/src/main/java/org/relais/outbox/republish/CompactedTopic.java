package org.relais.outbox.republish;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.relais.events.PoisonEventException;

/**
 * What a compacted state topic holds: the highest version per key, read from the start of every partition up to
 * its end at the time of the call, with no consumer group (nothing committed, nobody's partitions moved). Used at
 * start by the services that own such a topic, to publish again what a broker lost. Blocking.
 */
public final class CompactedTopic {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private CompactedTopic() {
    }

    /**
     * @param kafka the application's broker settings (bootstrap, TLS, SASL)
     * @param versionOf the version a record's value carries, or null for a record to ignore; a record it cannot
     *     read ({@link PoisonEventException}) is ignored too
     */
    public static Map<String, Long> latestVersions(Map<String, Object> kafka, String topic, Function<String, Long> versionOf) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "republish-check-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Asking about a topic must not create it.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        Map<String, Long> versions = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> described = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
            if (described == null || described.isEmpty()) {
                return versions;
            }
            List<TopicPartition> partitions = described.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p, KAFKA_TIMEOUT) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    Long version = record.value() == null ? null : readable(versionOf, record.value());
                    if (record.key() != null && version != null) {
                        versions.merge(record.key(), version, Math::max);
                    }
                }
            }
        }
        return versions;
    }

    private static Long readable(Function<String, Long> versionOf, String value) {
        try {
            return versionOf.apply(value);
        } catch (PoisonEventException e) {
            return null;
        }
    }
}
