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
}
