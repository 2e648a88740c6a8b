package org.relais.gateway.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The live board's timing. (Its arrondissements are the contract's {@code relais.arrondissements}; mappings
 * stay on sub-prefixes so that other {@code relais.*} settings never fail a mapping's validation.)
 */
@ConfigMapping(prefix = "relais.live")
public interface LiveConfig {

    /** Comment sent on every capacity stream so idle proxies keep the connection. */
    @WithDefault("15s")
    Duration keepAlive();

    /** How often "stale", "open now" and "open tonight" are re-checked, since they change with the clock alone. */
    @WithDefault("1m")
    Duration reevaluateEvery();

    /** Longest a single Kafka metadata or offset call may wait before the replay retries (broker down at start). */
    @WithDefault("5s")
    Duration kafkaTimeout();

    /**
     * How long a gateway waits for its first replay of the facility topics before it becomes ready without a board
     * (broker unreachable at start): it then forwards everything else, and the board answers 503 until replayed.
     */
    @WithDefault("30s")
    Duration replayWait();
}
