package org.relais.patrol.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The patrols' live referral stream. */
@ConfigMapping(prefix = "relais.stream")
public interface StreamConfig {

    /** Keep-alive comment interval, short enough for proxies and phone networks not to drop an idle stream. */
    @WithDefault("PT15S")
    Duration pingInterval();
}
