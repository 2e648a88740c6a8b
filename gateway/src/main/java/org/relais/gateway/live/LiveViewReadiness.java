package org.relais.gateway.live;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the initial replay of the facility topics is complete, so a load balancer sends coordinators
 * to gateways that have a board. A gateway that cannot reach the broker at start becomes ready anyway
 * {@code relais.live.replay-wait} after the application started (not after the first readiness call): patrols and
 * operators then reach the services through it (their writes wait in the services' outboxes), and only the board
 * answers 503 until the replay is done. Once replayed, the gateway stays ready through a Kafka outage: the last
 * known board (with its "stale" flags) is more useful than none.
 */
@Readiness
@ApplicationScoped
@Startup // made at start, so that the replay wait counts from there
public class LiveViewReadiness implements HealthCheck {

    private final LiveViewConsumer consumer;
    private final LiveView view;
    private final Instant readyWithoutBoardAt;

    public LiveViewReadiness(LiveViewConsumer consumer, LiveView view, LiveConfig config) {
        this.consumer = consumer;
        this.view = view;
        this.readyWithoutBoardAt = Instant.now().plus(config.replayWait());
    }

    @Override
    public HealthCheckResponse call() {
        boolean replayed = consumer.caughtUp();
        return HealthCheckResponse.named("live-view")
                .status(replayed || !Instant.now().isBefore(readyWithoutBoardAt))
                .withData("board", replayed ? "replayed" : "not replayed yet: answers 503")
                .withData("facilities", view.facilities().size())
                .withData("recordsApplied", consumer.applied())
                .withData("recordsSkipped", consumer.skipped())
                .build();
    }
}
