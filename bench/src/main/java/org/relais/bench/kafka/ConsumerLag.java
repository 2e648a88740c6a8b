package org.relais.bench.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the services' consumer groups are behind the end of their topics: a service that is still
 * digesting the previous phase's events would measure that phase, not the next one.
 */
public final class ConsumerLag implements AutoCloseable {

    /** The platform's consumer groups (group id = service name, see each application.properties). */
    public static final String[] GROUPS = {"capacity-service", "referral-service", "patrol-service"};

    private final Admin admin;

    public ConsumerLag(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
    }

    /** Records not yet committed by {@code group}, summed over its partitions. */
    public long lag(String group) throws Exception {
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> ends = ends(committed.keySet());
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            lag += Math.max(0, ends.get(e.getKey()) - e.getValue());
        }
        return lag;
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, o) -> committed.put(tp, o == null ? 0L : o.offset()));
        return committed;
    }

    private Map<TopicPartition, Long> ends(java.util.Set<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Every group's end offsets now: what it must have consumed to be past this moment. */
    public Map<String, Map<TopicPartition, Long>> marks() throws Exception {
        Map<String, Map<TopicPartition, Long>> marks = new HashMap<>();
        for (String group : GROUPS) {
            marks.put(group, ends(committed(group).keySet()));
        }
        return marks;
    }

    /**
     * Seconds until every group committed past {@code marks} (everything produced before them consumed),
     * NaN after {@code timeoutSeconds}. Commits are periodic, so this includes up to one commit interval.
     */
    public double awaitPast(Map<String, Map<TopicPartition, Long>> marks, double timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            try {
                boolean past = true;
                for (Map.Entry<String, Map<TopicPartition, Long>> g : marks.entrySet()) {
                    Map<TopicPartition, Long> committed = committed(g.getKey());
                    for (Map.Entry<TopicPartition, Long> m : g.getValue().entrySet()) {
                        past &= committed.getOrDefault(m.getKey(), 0L) >= m.getValue();
                    }
                }
                if (past) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (Exception e) {
                // Broker restarting: ask again.
            }
            Thread.sleep(250);
        }
        return Double.NaN;
    }

    public long totalLag() throws Exception {
        long total = 0;
        for (String group : GROUPS) {
            total += lag(group);
        }
        return total;
    }

    /**
     * Waits until every group is at most {@code tolerance} records behind; returns the seconds it took, or
     * NaN after {@code timeoutSeconds}.
     */
    public double awaitCaughtUp(long tolerance, double timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            try {
                if (totalLag() <= tolerance) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (Exception e) {
                // Broker restarting: ask again.
            }
            Thread.sleep(250);
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        admin.close();
    }
}
