package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one reader and writer of events, and what each event says of its own topic and key. */
class EventJsonTest {

    private final EventJson json = new EventJson();
    private final Instant at = Instant.parse("2026-12-04T21:00:00Z");

    @Test
    void eachEventNamesItsTopicAndTheKeyThatKeepsItsOrder() {
        RelaisEvent requested = new ReferralRequestEvent.Requested(UUID.randomUUID(), 1, at, "r-1", "p-1", "75019", null,
                null, null, List.of(FacilityKind.EMERGENCY_SHELTER), null, false);
        RelaisEvent cancel = new ReferralRequestEvent.CancelRequested(UUID.randomUUID(), 1, at, "r-1", "p-1");
        RelaisEvent holds = new FacilityHoldsEvent(UUID.randomUUID(), 1, at, "f-1", 2, 7);
        RelaisEvent status = new ReferralStatusEvent(UUID.randomUUID(), 1, at, "r-1", "p-1", ReferralStatus.HELD,
                ReferralStatus.REQUESTED, "f-1", at.plusSeconds(3600), null, at, "75019", null);

        assertEquals(List.of(Topics.REFERRAL_REQUESTS, Topics.REFERRAL_REQUESTS, Topics.FACILITY_HOLDS, Topics.REFERRAL_STATUS),
                List.of(requested.topic(), cancel.topic(), holds.topic(), status.topic()));
        // A referral's request and its cancellation share a key, so the cancellation never overtakes the request.
        assertEquals(List.of("r-1", "r-1", "f-1", "r-1"),
                List.of(requested.recordKey(), cancel.recordKey(), holds.recordKey(), status.recordKey()));
    }

    @Test
    void topicAndKeyStayOffTheRecord() {
        String written = json.write(new FacilityHoldsEvent(UUID.randomUUID(), 1, at, "f-1", 2, 7));
        assertFalse(written.contains("topic"), written);
        assertFalse(written.contains("recordKey"), written);
        EventJson.Written record = json.writeForRecord(new ReferralRequestEvent.CancelRequested(UUID.randomUUID(), 1, at, "r-1", "p-1"));
        assertEquals("REFERRAL_CANCEL_REQUESTED", record.type());
        assertEquals(at, record.occurredAt());
    }

    @Test
    void aNewerProducersFieldsAndEnumValuesAreTolerated() {
        ReferralStatusEvent event = json.read("""
                {"eventId":"%s","schemaVersion":1,"occurredAt":"2026-12-04T21:00:00Z","referralId":"r-1",
                 "patrolId":"p-1","status":"ON_THE_WAY","previousStatus":"HELD","facilityId":"f-1","addedLater":true}"""
                .formatted(UUID.randomUUID()), ReferralStatusEvent.class);
        // Unknown to this version: read as null, and the consumer decides (patrol-service dead-letters a status-less one).
        assertNull(event.status());
        assertEquals(ReferralStatus.HELD, event.previousStatus());
    }

    @Test
    void aRecordThatIsNoEventIsPoison() {
        assertThrows(PoisonEventException.class, () -> json.read("not json", FacilityHoldsEvent.class));
        assertThrows(PoisonEventException.class, () -> json.read("null", FacilityHoldsEvent.class));
    }
}
