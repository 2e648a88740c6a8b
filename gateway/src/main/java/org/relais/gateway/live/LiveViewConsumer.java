package org.relais.gateway.live;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.events.EventJson;

/** Runs the application's replay of the facility topics into its {@link LiveView} for the process's lifetime. */
@ApplicationScoped
public class LiveViewConsumer {

    private final TopicReplay replay;

    public LiveViewConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, LiveConfig config,
            EventJson reader, LiveView view, LiveUpdates updates, MeterRegistry registry) {
        // The broker map may carry the KAFKA_BOOTSTRAP_SERVERS environment variable's value even where a source of
        // higher ordinal (a test profile) sets kafka.bootstrap.servers: the resolved property is the one that counts.
        Map<String, Object> broker = new HashMap<>(kafka);
        broker.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.replay = new TopicReplay(broker, config.kafkaTimeout(), reader, view, updates::facilityChanged);
        // Not a messaging channel (the replay owns a plain consumer): its own counters, as the services' AppliedEvents.
        FunctionCounter.builder("relais.live.events.applied", replay, TopicReplay::applied)
                .description("Facility state and holds records applied to the live board, replay included")
                .register(registry);
        FunctionCounter.builder("relais.live.events.skipped", replay, TopicReplay::skipped)
                .description("Facility records the live board could not read and skipped")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        replay.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        replay.close();
    }

    public boolean caughtUp() {
        return replay.caughtUp();
    }

    public long applied() {
        return replay.applied();
    }

    public long skipped() {
        return replay.skipped();
    }
}
