package org.relais.patrol.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The patrols' live referral stream. */
@ConfigMapping(prefix = "relais.stream")
public interface StreamConfig {

    /**
     * Interval of the {@code : keep-alive} comment, sent even when nothing changes: short enough for proxies and
     * phone networks not to drop an idle stream, and for the gateway to close a proxied stream that stays silent
     * longer than a few of them (a dead connection).
     */
    @WithDefault("PT15S")
    Duration keepAlive();
}
