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

    /**
     * At most this many availability reports share one transaction (group commit): enough to absorb a burst, few
     * enough that a group's transaction, and the row locks it holds, stay short.
     */
    @WithDefault("64")
    int maxReportGroup();
}
