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
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            long end = ends.get(e.getKey()).offset();
            lag += Math.max(0, end - (e.getValue() == null ? 0 : e.getValue().offset()));
        }
        return lag;
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
