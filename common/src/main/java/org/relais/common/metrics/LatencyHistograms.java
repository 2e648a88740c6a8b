package org.relais.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Request latency as a histogram on /q/metrics, so that a scraper (the bench, Prometheus' histogram_quantile) can
 * tell a route's p99 rather than only its mean and max. Fixed buckets (SLO boundaries), not Micrometer's percentile
 * histogram of some seventy buckets: one series per route, method, status and outcome, so the buckets multiply.
 */
public class LatencyHistograms {

    /** From well under a database round trip to past the gateway's response timeout. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30) };

    /** Quarkus' HTTP server binder records this timer, tagged with the route template (uri), method, status and outcome. */
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                double[] slos = new double[BUCKETS.length];
                for (int i = 0; i < BUCKETS.length; i++) {
                    slos[i] = BUCKETS[i].toNanos();
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(false)
                        .serviceLevelObjectives(slos)
                        .build()
                        .merge(config);
            }
        };
    }
}
