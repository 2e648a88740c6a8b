package org.relais.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One lifecycle transition of a referral, published by referral-service to {@link Topics#REFERRAL_STATUS},
 * keyed by referral id. {@code facilityId} is set from HELD on; {@code reason} is set for DECLINED,
 * EXPIRED and CANCELLED; {@code holdExpiresAt} for HELD; {@code distanceMeters} for HELD, from the request's position
 * to the facility (null when either is unknown, and in records written before it existed).
 */
public record ReferralStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String referralId,
        String patrolId,
        ReferralStatus status,
        ReferralStatus previousStatus,
        String facilityId,
        Instant holdExpiresAt,
        String reason,
        Instant requestedAt,
        String arrondissement,
        Integer distanceMeters) implements RelaisEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.REFERRAL_STATUS;
    }

    @Override
    public String recordKey() {
        return referralId;
    }
}
