package org.relais.capacity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "relais.capacity")
public interface CapacityConfig {

    /**
     * How far in the future a report's {@code asOf} may be. A phone whose clock runs ahead would otherwise
     * make every later, correct report look out of date.
     */
    @WithDefault("PT2M")
    Duration maxClockSkew();

    Arrivals arrivals();

    interface Arrivals {

        /** Retries of an arrival that failed for a passing reason (database away) before it is dead-lettered. */
        @WithDefault("10")
        int maxRetries();

        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT5S")
        Duration maxBackoff();
    }
}
