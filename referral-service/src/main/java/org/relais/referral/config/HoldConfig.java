package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a place stays held for a patrol before it frees itself. */
@ConfigMapping(prefix = "relais.hold")
public interface HoldConfig {

    @WithDefault("PT60M")
    Duration duration();
}
