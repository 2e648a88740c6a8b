package org.relais.gateway.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.relais.events.EventJson;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;

/**
 * Replays the compacted facility topics into a {@link LiveView} from their first offset, then follows them.
 * Like a Kafka Streams global table it assigns every partition itself, with no consumer group: nothing is
 * committed, no rebalance can move its position, and any number of gateways each read everything. The end
 * offsets seen at start mark the initial replay; {@link #caughtUp()} turns true once they are reached, so a
 * gateway never serves an empty board. One dedicated thread owns the consumer (KafkaConsumer is
 * single-threaded and blocking); it never waits on a subscriber.
 */
public final class TopicReplay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReplay.class);
    private static final List<String> TOPICS = List.of(Topics.FACILITY_STATE, Topics.FACILITY_HOLDS);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Map<String, Object> consumerConfig;
    private final Duration kafkaTimeout;
    private final EventJson reader;
    private final LiveView view;
    private final Consumer<LiveView.Change> onChange;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public TopicReplay(Map<String, Object> brokerConfig, Duration kafkaTimeout, EventJson reader, LiveView view,
            Consumer<LiveView.Change> onChange) {
        this.consumerConfig = consumerConfig(brokerConfig, kafkaTimeout);
        this.kafkaTimeout = kafkaTimeout;
        this.reader = reader;
        this.view = view;
        this.onChange = onChange;
    }

    /** The broker settings of the application (bootstrap, TLS, SASL) plus what a group-less replay needs. */
    static Map<String, Object> consumerConfig(Map<String, Object> brokerConfig, Duration kafkaTimeout) {
        Map<String, Object> config = new HashMap<>(brokerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-live-view-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafkaTimeout.toMillis());
        return config;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "live-view-replay");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once every record present when the replay started has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public long applied() {
        return applied.get();
    }

    public long skipped() {
        return skipped.get();
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(kafkaTimeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = awaitEndOffsets(kafka, partitions);
            LOG.infof("replaying %d partitions of %s up to %s", partitions.size(), TOPICS, endAtStart.values());
            while (running) {
                poll(kafka);
                if (!caughtUp && reached(kafka, endAtStart)) {
                    caughtUp = true;
                    LOG.infof("live view replayed: %d records applied, %d skipped, %d facilities", applied.get(),
                            skipped.get(), view.facilities().size());
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                LOG.error("live view replay interrupted while running", e);
            }
        } finally {
            consumer = null;
        }
    }

    private void poll(KafkaConsumer<String, String> kafka) {
        try {
            for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
                apply(record);
            }
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // The client reconnects by itself; keep polling (a broker outage only delays the board).
            LOG.warnf("polling the facility topics failed (%s), retrying", e.getClass().getSimpleName());
            pause();
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            Optional<LiveView.Change> change = switch (record.topic()) {
                case Topics.FACILITY_STATE -> applyState(record);
                case Topics.FACILITY_HOLDS -> record.value() == null
                        ? view.clearHolds(record.key())
                        : view.apply(reader.read(record.value(), FacilityHoldsEvent.class));
                default -> Optional.empty();
            };
            applied.incrementAndGet();
            change.ifPresent(onChange);
        } catch (RuntimeException e) {
            // A record no retry can fix: skip it (the producers dead-letter their own poison; a replayed
            // view must not re-publish old garbage at every start). Never log the value itself.
            skipped.incrementAndGet();
            LOG.warnf("skipped record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    private Optional<LiveView.Change> applyState(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            view.forget(record.key());
            return Optional.empty();
        }
        return view.apply(reader.read(record.value(), FacilityStateEvent.class));
    }

    /** Waits until the broker answers and both topics exist; an empty list means closed meanwhile. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> kafka) {
        while (running) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : TOPICS) {
                    List<PartitionInfo> infos = kafka.partitionsFor(topic, kafkaTimeout);
                    if (infos == null || infos.isEmpty()) {
                        throw new KafkaException("topic " + topic + " does not exist yet");
                    }
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
                return partitions;
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warnf("waiting for Kafka before replaying the facility topics: %s", e.getMessage());
                pause();
            }
        }
        return List.of();
    }

    private Map<TopicPartition, Long> awaitEndOffsets(KafkaConsumer<String, String> kafka, List<TopicPartition> partitions) {
        while (running) {
            try {
                return kafka.endOffsets(partitions, kafkaTimeout);
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warnf("waiting for the end offsets of the facility topics: %s", e.getClass().getSimpleName());
                pause();
            }
        }
        return Map.of();
    }

    /** True when every partition's position is at or past the end offset it had when the replay started. */
    private boolean reached(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> endAtStart) {
        try {
            for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
                if (kafka.position(end.getKey(), kafkaTimeout) < end.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(Math.min(1000, kafkaTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
