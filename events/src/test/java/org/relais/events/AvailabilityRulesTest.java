package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The two availability rules every service and page shares: staleness and places offered. */
class AvailabilityRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T22:00:00Z");

    @Test
    void aCountIsStaleWhenNeverReportedOrOlderThanItsInterval() {
        Duration fourHours = Duration.ofHours(4);
        assertTrue(Availability.stale(null, fourHours, NOW), "never reported");
        assertTrue(Availability.stale(NOW.minus(Duration.ofHours(5)), fourHours, NOW), "older than its interval");
        assertFalse(Availability.stale(NOW.minus(Duration.ofHours(4)), fourHours, NOW), "exactly its interval old");
        assertFalse(Availability.stale(NOW.minus(Duration.ofHours(1)), fourHours, NOW), "fresh");
    }

    @Test
    void withoutAnIntervalOnlyACountNeverReportedIsStale() {
        assertTrue(Availability.stale(null, null, NOW));
        assertFalse(Availability.stale(NOW.minus(Duration.ofDays(30)), null, NOW));
    }

    @Test
    void theMomentACountTurnsStaleIsTheSameRule() {
        Duration fourHours = Duration.ofHours(4);
        Instant reported = NOW.minus(Duration.ofHours(5));
        assertEquals(reported.plus(fourHours), Availability.overdueAfter(reported, fourHours));
        assertEquals(Instant.MIN, Availability.overdueAfter(null, fourHours), "never reported: stale at any moment");
        assertNull(Availability.overdueAfter(reported, null), "no interval: never stale once reported");
    }

    @Test
    void offeredPlacesAreFreeOnesNotHeldNeverBelowZero() {
        assertEquals(3, Availability.offered(5, 2));
        assertEquals(0, Availability.offered(2, 2));
        assertEquals(0, Availability.offered(1, 3), "holds above the count (a lowered report) offer nothing");
    }
}
