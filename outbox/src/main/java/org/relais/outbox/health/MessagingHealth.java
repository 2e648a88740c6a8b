package org.relais.outbox.health;

import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import io.smallrye.health.api.Wellness;

/**
 * Kafka's place in a service's health. The broker being away does not make a service unready: its writes still
 * commit, their events wait in the outbox and its consumers resume from their committed offsets on the broker's
 * return, so taking every instance out of the load balancer (they all see the same broker) would only turn
 * accepted work into refusals. The channels' state is shown instead as a wellness check, in {@code /q/health}
 * and {@code /q/health/well}. A channel that failed for good (a crashed consumer) still fails liveness, so the
 * instance is restarted.
 *
 * <p>Quarkus' own messaging checks are switched off ({@code quarkus.messaging.health.enabled=false}); these
 * read the same per-channel reports.
 */
@ApplicationScoped
public class MessagingHealth {

    private final HealthCenter channels;

    public MessagingHealth(HealthCenter channels) {
        this.channels = channels;
    }

    @Produces
    @Wellness
    @ApplicationScoped
    HealthCheck kafkaChannels() {
        return () -> channels.isInitialized()
                ? response("Kafka channels", channels.getReadiness())
                : HealthCheckResponse.named("Kafka channels").down().withData("channels", "not yet initialized").build();
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck channelsAlive() {
        return () -> response("Kafka channels alive", channels.getLiveness());
    }

    private static HealthCheckResponse response(String name, HealthReport report) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(report.isOk());
        for (HealthReport.ChannelInfo channel : report.getChannels()) {
            String state = channel.isOk() ? "OK" : "KO";
            builder.withData(channel.getChannel(), channel.getMessage() == null ? state : state + " - " + channel.getMessage());
        }
        return builder.build();
    }
}
