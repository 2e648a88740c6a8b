package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "relais.hold")
public interface HoldConfig {

    /** How long a place stays held for a patrol before it frees itself. */
    @WithDefault("PT60M")
    Duration duration();

    /**
     * An operator's report counts a person who arrived at least this long before the report's time: the margin covers
     * the operator's device clock running ahead of the service's. A consumed hold stops counting once such a report
     * is seen.
     */
    @WithDefault("PT2M")
    Duration arrivalReportMargin();
}
