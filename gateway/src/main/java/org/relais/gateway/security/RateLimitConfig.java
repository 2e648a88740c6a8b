package org.relais.gateway.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Requests per caller on /api/**: a token bucket per token subject (per client address when anonymous).
 * Buckets live in each gateway instance's memory, so with several instances the limit applies per instance.
 */
@ConfigMapping(prefix = "relais.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per second per caller. */
    @WithDefault("20")
    double perSecond();

    /** Requests a caller may send at once after being quiet. */
    @WithDefault("40")
    int burst();
}
