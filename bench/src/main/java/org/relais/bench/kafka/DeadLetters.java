package org.relais.bench.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records the services sent to the dead-letter topic since a moment. A valid event must never land
 * there (only poison does), whatever the platform went through; the chaos load sends no poison.
 */
public final class DeadLetters {

    public static final String TOPIC = "relais.dead-letter";

    private DeadLetters() {
    }

    /** Records on the dead-letter topic with a timestamp at or after {@code since}. */
    public static long since(String bootstrap, Instant since) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(info -> at.put(new TopicPartition(TOPIC, info.partition()), since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(at, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(at.keySet(), Duration.ofSeconds(10));
            long count = 0;
            for (TopicPartition tp : at.keySet()) {
                OffsetAndTimestamp start = first.get(tp);
                // No record at or after the moment: nothing of this run on that partition.
                count += start == null ? 0 : Math.max(0, ends.get(tp) - start.offset());
            }
            return count;
        }
    }
}
