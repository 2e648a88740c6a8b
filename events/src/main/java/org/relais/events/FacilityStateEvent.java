package org.relais.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The whole current state of one facility, published by capacity-service on every accepted change to
 * {@link Topics#FACILITY_STATE} (compacted, keyed by facility id), so the latest record per key is all a
 * consumer needs. {@code cause} says why the count changed when it was not an operator's report.
 */
public record FacilityStateEvent(
        UUID eventId,
        int schemaVersion,
        Type type,
        Instant occurredAt,
        String facilityId,
        Facility facility,
        Availability availability,
        Cause cause) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.FACILITY_STATE;
    }

    @Override
    public String recordKey() {
        return facilityId;
    }

    public enum Type {
        FACILITY_REGISTERED,
        FACILITY_UPDATED,
        AVAILABILITY_CHANGED,
        /** An operator confirmed the count unchanged: only {@code updatedAt} (and the version) moved. */
        AVAILABILITY_CONFIRMED,
        /**
         * No change: capacity-service publishes every facility's state again when it starts, so a broker that lost
         * the topic (or a new one) gets the board back. A consumer applies it only to a facility it does not know
         * yet or whose version is older; otherwise it is a no-op.
         */
        STATE_REPUBLISHED
    }

    /** Why a count changed without an operator report, e.g. an arrival for a held referral. */
    public record Cause(String type, String referralId) {
        public static final String ARRIVAL = "ARRIVAL";
    }
}
