package org.relais.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events applied per incoming channel ({@code relais_events_applied_total{channel=...}}), counted by each consumer once
 * its records are done (applied, skipped as already applied, or dead-lettered). Our own counter rather than SmallRye's
 * message observation: the observation wraps each message, which a batch consumer taking a {@code KafkaRecordBatch}
 * (to nack a poison record alone) cannot receive.
 */
@ApplicationScoped
public class AppliedEvents {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AppliedEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String channel, int records) {
        counters.computeIfAbsent(channel, c -> Counter.builder("relais.events.applied")
                        .description("Records of an incoming channel its consumer is done with")
                        .tag("channel", c)
                        .register(registry))
                .increment(records);
    }
}
