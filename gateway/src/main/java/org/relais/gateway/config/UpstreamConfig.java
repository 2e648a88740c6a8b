package org.relais.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** The services the gateway forwards to. */
@ConfigMapping(prefix = "relais.upstream")
public interface UpstreamConfig {

    URI capacity();

    URI referral();

    URI patrol();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest wait for a service's response headers; event streams are exempt (they answer when they have news). */
    @WithDefault("30s")
    Duration responseTimeout();

    /** Connections per service: each proxied event stream holds one for as long as it is open. */
    @WithDefault("1000")
    int maxConnections();
}
