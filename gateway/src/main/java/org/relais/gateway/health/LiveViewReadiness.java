package org.relais.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.relais.gateway.domain.LiveView;
import org.relais.gateway.messaging.LiveViewConsumer;

/**
 * Not ready until the initial replay of the facility topics is complete, so a load balancer never sends a
 * coordinator to an empty board. Once replayed, the gateway stays ready through a Kafka outage: the last
 * known board (with its "stale" flags) is more useful than none.
 */
@Readiness
@ApplicationScoped
public class LiveViewReadiness implements HealthCheck {

    private final LiveViewConsumer consumer;
    private final LiveView view;

    public LiveViewReadiness(LiveViewConsumer consumer, LiveView view) {
        this.consumer = consumer;
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-view")
                .status(consumer.caughtUp())
                .withData("facilities", view.facilities().size())
                .withData("recordsApplied", consumer.applied())
                .withData("recordsSkipped", consumer.skipped())
                .build();
    }
}
