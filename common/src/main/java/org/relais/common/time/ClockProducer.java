package org.relais.common.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** One clock for every service, so "now" is a dependency rather than a hidden global. */
public class ClockProducer {

    /**
     * Ticks in microseconds, PostgreSQL's precision: a time returned to a caller or put in an event is then
     * exactly the one stored, and comparing a later report with it gives the same answer everywhere.
     */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
