package org.relais.gateway.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Event streams per caller, so that one token cannot hold every connection of a gateway. */
@ConfigMapping(prefix = "relais.streams")
public interface StreamConfig {

    /**
     * Event streams (capacity board and proxied streams together) one token subject may hold open at once on one
     * gateway instance; 429 beyond.
     */
    @WithDefault("10")
    int perSubject();
}
