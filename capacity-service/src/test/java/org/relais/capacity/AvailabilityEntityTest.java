package org.relais.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.relais.capacity.domain.AvailabilityEntity;
import org.relais.events.Availability;

/** The rules of one facility's count, without a database. */
class AvailabilityEntityTest {

    private static final Instant REPORTED = Instant.parse("2026-01-10T21:00:00Z");

    @Test
    void anArrivalOrANewTotalMakesEveryReportOfAnEarlierMomentOutOfDate() {
        AvailabilityEntity count = AvailabilityEntity.initial("halte", 10);
        assertFalse(count.precedesLatestChange(REPORTED.minusSeconds(3600)), "nothing changed yet");
        count.report(4, 10, REPORTED);
        count.arrival("ref-1", REPORTED.plusSeconds(300));

        assertTrue(count.precedesLatestChange(REPORTED.plusSeconds(299)));
        assertFalse(count.precedesLatestChange(REPORTED.plusSeconds(300)));
        assertEquals(REPORTED, count.updatedAt, "still the operator's last report");

        // A clock behind the latest change never moves it back.
        count.resize(12, REPORTED.plusSeconds(60));
        assertTrue(count.precedesLatestChange(REPORTED.plusSeconds(299)));
        count.resize(11, REPORTED.plusSeconds(600));
        assertTrue(count.precedesLatestChange(REPORTED.plusSeconds(599)));
    }

    @Test
    void theLatestArrivalsAreListedNewestLastBoundedAndKeptByReports() {
        AvailabilityEntity count = AvailabilityEntity.initial("halte", 100);
        count.report(100, 100, REPORTED);
        IntStream.rangeClosed(1, Availability.MAX_ARRIVALS_LISTED + 2)
                .forEach(i -> count.arrival("ref-" + i, REPORTED.plusSeconds(i)));
        count.touch();
        count.resize(90, REPORTED.plusSeconds(3600));

        List<String> listed = count.toAvailability().recentArrivals();
        assertEquals(Availability.MAX_ARRIVALS_LISTED, listed.size());
        assertEquals("ref-3", listed.get(0));
        assertEquals("ref-" + (Availability.MAX_ARRIVALS_LISTED + 2), listed.get(listed.size() - 1));
        assertEquals(48, count.free);

        // The report counted those people inside: they stay listed, no longer a free place either way.
        count.report(40, 90, REPORTED.plusSeconds(7200));
        assertEquals(listed, count.toAvailability().recentArrivals());
    }
}
