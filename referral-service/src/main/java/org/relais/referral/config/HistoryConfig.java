package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** The daily record (see {@code DailyHistory}): what a night is, and how long its inputs are kept. */
@ConfigMapping(prefix = "relais.history")
public interface HistoryConfig {

    /** Nights are counted in this zone's wall-clock time. */
    @WithDefault("Europe/Paris")
    ZoneId timeZone();

    /** A night runs from this time to the same time the next day, and is named after the day it starts. */
    @WithDefault("12:00")
    LocalTime dayStartsAt();

    /** How often the current night's rows are refreshed (read by the job's {@code @Scheduled} expression). */
    @WithDefault("15m")
    String refreshInterval();

    /** How long after start the job's first pass waits (read by the job's {@code @Scheduled} expression). */
    @WithDefault("30s")
    String firstPassAfter();

    /**
     * How long after its end a night is still recomputed by the job: its referrals' outcomes come late (a request made
     * just before the end may wait 6 h on the waitlist, then be held an hour).
     */
    @WithDefault("PT8H")
    Duration settle();

    /** Facility state samples older than this are purged (the latest of each facility before it is kept). */
    @WithDefault("P400D")
    Duration sampleRetention();

    /** The job also computes nights of this period it has no rows for (a new deployment, a service down a day). */
    @WithDefault("P30D")
    Duration backfill();
}
