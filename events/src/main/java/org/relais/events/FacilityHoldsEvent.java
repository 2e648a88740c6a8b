package org.relais.events;

import java.time.Instant;
import java.util.UUID;

/**
 * How many places of a facility are held for patrols right now, published by referral-service to
 * {@link Topics#FACILITY_HOLDS} (compacted, keyed by facility id) whenever that number changes.
 * Places offered to patrols are {@code free - held}.
 */
public record FacilityHoldsEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String facilityId,
        int held,
        long version) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.FACILITY_HOLDS;
    }

    @Override
    public String recordKey() {
        return facilityId;
    }
}
