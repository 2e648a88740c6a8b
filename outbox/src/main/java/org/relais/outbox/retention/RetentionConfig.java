package org.relais.outbox.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a referral keeps its personal fields before a service's purge nulls them. */
@ConfigMapping(prefix = "relais.retention")
public interface RetentionConfig {

    @WithDefault("P30D")
    Duration personalData();

    /** How often the purge runs (read by its {@code @Scheduled} expression). */
    @WithDefault("PT1H")
    Duration purgeEvery();
}
