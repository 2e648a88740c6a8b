package org.relais.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.relais.gateway.config.LiveConfig;
import org.relais.gateway.domain.LiveView;
import org.relais.gateway.service.LiveUpdates;

/** Runs the application's replay of the facility topics into its {@link LiveView} for the process's lifetime. */
@ApplicationScoped
public class LiveViewConsumer {

    private final TopicReplay replay;

    public LiveViewConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, LiveConfig config,
            EventReader reader, LiveView view, LiveUpdates updates) {
        this.replay = new TopicReplay(kafka, config.kafkaTimeout(), reader, view, updates::facilityChanged);
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
