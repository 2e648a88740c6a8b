package org.relais.gateway.proxy;

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

    /**
     * An idle pooled connection is closed by the gateway after this long: below the idle limit of whatever is between
     * it and a service (HAProxy's keep-alive timeout, a cloud load balancer's), so that the other side never closes a
     * connection just as a request goes out on it (the request would fail with no answer, a write included).
     */
    @WithDefault("20s")
    Duration keepAliveTimeout();

    /** Connections per service for everything but event streams. */
    @WithDefault("1000")
    int maxConnections();

    /**
     * Connections per service for proxied event streams, a pool of their own: each open stream holds one for as long
     * as it is open, and however many are open, other requests still get a connection.
     */
    @WithDefault("1000")
    int streamMaxConnections();

    /**
     * A proxied event stream that brings no byte for this long is closed on both sides (the service sends a
     * heartbeat comment more often than that); the client reconnects with its Last-Event-ID.
     */
    @WithDefault("45s")
    Duration streamIdleTimeout();
}
