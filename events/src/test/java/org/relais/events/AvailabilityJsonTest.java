package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records of the first schema (no arrivals list) still read, and the list survives a round trip. */
class AvailabilityJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void anOlderRecordReadsWithNoArrivals() throws Exception {
        Availability a = json.readValue("{\"free\":3,\"total\":10,\"updatedAt\":\"2026-12-04T21:00:00Z\",\"version\":7}",
                Availability.class);
        assertEquals(new Availability(3, 10, Instant.parse("2026-12-04T21:00:00Z"), 7), a);
        assertEquals(List.of(), a.recentArrivals());
        assertEquals(Instant.parse("2026-12-04T21:00:00Z"), a.lastCountedAt());
    }

    /** A confirmation moves updatedAt, not the latest count's moment: both survive a round trip. */
    @Test
    void theLatestCountsMomentRoundTrips() throws Exception {
        Availability a = new Availability(2, 10, Instant.parse("2026-12-04T22:00:00Z"), 9, List.of(),
                Instant.parse("2026-12-04T20:00:00Z"));
        Availability read = json.readValue(json.writeValueAsString(a), Availability.class);
        assertEquals(a, read);
        assertEquals(Instant.parse("2026-12-04T20:00:00Z"), read.lastCountedAt());
    }

    @Test
    void arrivalsRoundTrip() throws Exception {
        Availability a = new Availability(2, 10, null, 9, List.of("r-1", "r-2"));
        assertEquals(a, json.readValue(json.writeValueAsString(a), Availability.class));
    }
}
