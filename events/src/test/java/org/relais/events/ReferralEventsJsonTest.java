package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records written before sameArrondissementOnly and distanceMeters existed still read, with their defaults. */
class ReferralEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void anOlderRequestReadsAsNotRestricted() throws Exception {
        ReferralRequestEvent event = json.readValue("""
                {"type":"REFERRAL_REQUESTED","eventId":"%s","schemaVersion":1,"occurredAt":"2026-12-04T21:00:00Z",
                 "referralId":"r-1","patrolId":"p-1","arrondissement":"75019","kinds":["EMERGENCY_SHELTER"]}"""
                .formatted(UUID.randomUUID()), ReferralRequestEvent.class);
        ReferralRequestEvent.Requested requested = (ReferralRequestEvent.Requested) event;
        assertEquals("75019", requested.arrondissement());
        assertFalse(requested.sameArrondissementOnly());
    }

    @Test
    void restrictionRoundTrips() throws Exception {
        ReferralRequestEvent event = new ReferralRequestEvent.Requested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION,
                Instant.parse("2026-12-04T21:00:00Z"), "r-1", "p-1", "75019", 48.88, 2.38, null,
                List.of(FacilityKind.EMERGENCY_SHELTER), null, true);
        ReferralRequestEvent read = json.readValue(json.writeValueAsString(event), ReferralRequestEvent.class);
        assertTrue(((ReferralRequestEvent.Requested) read).sameArrondissementOnly());
        assertEquals(event, read);
    }

    @Test
    void anOlderStatusReadsWithNoDistance() throws Exception {
        ReferralStatusEvent event = json.readValue("""
                {"eventId":"%s","schemaVersion":1,"occurredAt":"2026-12-04T21:00:00Z","referralId":"r-1",
                 "patrolId":"p-1","status":"HELD","previousStatus":"REQUESTED","facilityId":"f-1",
                 "holdExpiresAt":"2026-12-04T22:00:00Z","requestedAt":"2026-12-04T20:59:00Z","arrondissement":"75019"}"""
                .formatted(UUID.randomUUID()), ReferralStatusEvent.class);
        assertEquals(ReferralStatus.HELD, event.status());
        assertNull(event.distanceMeters());
    }
}
