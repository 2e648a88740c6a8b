package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a request may wait for a place, counted from the patrol's request. */
@ConfigMapping(prefix = "relais.waitlist")
public interface WaitlistConfig {

    @WithDefault("PT6H")
    Duration duration();

    /** Waitlisted referrals a re-matching pass reads per page; it goes on page by page while places remain. */
    @WithDefault("500")
    int batchSize();

    /**
     * Period of the safety-net pass over every waitlist (read by {@code @Scheduled} from the same property):
     * places freed without an event here, e.g. on another instance or a facility opening for the night.
     */
    @WithDefault("30s")
    String rematchInterval();
}
