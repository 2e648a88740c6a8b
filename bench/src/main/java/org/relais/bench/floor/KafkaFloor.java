package org.relais.bench.floor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.relais.bench.load.Latency;
import org.relais.bench.load.OpenLoop;

/**
 * What Kafka itself allows on this machine: produce (acks=all, idempotent, like the platform's outbox relay)
 * to consume latency on loopback, through a temporary one-partition topic deleted afterwards.
 */
public final class KafkaFloor {

    private final String bootstrap;

    public KafkaFloor(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public Latency measure(double ratePerSecond, Duration duration) throws Exception {
        String topic = "relais.bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
        Latency latency = new Latency("Kafka produce->consume (floor)");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                run(topic, ratePerSecond, duration, latency);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
        return latency;
    }

    private void run(String topic, double rate, Duration duration, Latency latency) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        long warmup = Math.max(20, (long) rate);
        Thread consumerThread;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ZERO);
            consumerThread = new Thread(() -> {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        ByteBuffer value = ByteBuffer.wrap(r.value());
                        long seq = value.getLong();
                        long intended = value.getLong();
                        if (seq >= warmup) {
                            latency.recordNanos(now - intended);
                        }
                        received.incrementAndGet();
                    }
                }
            }, "kafka-floor-consumer");
            consumerThread.start();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
                AtomicLong seq = new AtomicLong();
                OpenLoop loop = new OpenLoop();
                // Warm-up at the same rate: connections, metadata and JIT, not recorded.
                long sent = loop.run(rate, Duration.ofMillis((long) (warmup * 1000 / rate)), intended ->
                        send(producer, topic, seq.getAndIncrement(), intended));
                sent += loop.run(rate, duration, intended -> send(producer, topic, seq.getAndIncrement(), intended));
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (received.get() < sent && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                stop.set(true);
                consumerThread.join(5_000);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, long seq, long intended) {
        byte[] value = ByteBuffer.allocate(16).putLong(seq).putLong(intended).array();
        producer.send(new ProducerRecord<>(topic, ("bench-" + seq).getBytes(), value));
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
