package org.relais.gateway.live;

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
            EventJson reader, LiveView view, LiveUpdates updates) {
        // The broker map may carry the KAFKA_BOOTSTRAP_SERVERS environment variable's value even where a source of
        // higher ordinal (a test profile) sets kafka.bootstrap.servers: the resolved property is the one that counts.
        Map<String, Object> broker = new HashMap<>(kafka);
        broker.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.replay = new TopicReplay(broker, config.kafkaTimeout(), reader, view, updates::facilityChanged);
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
