package org.relais.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a patrol asks of referral-service, published by patrol-service through its outbox to
 * {@link Topics#REFERRAL_REQUESTS}, keyed by referral id so a cancellation never overtakes its request.
 * The person appears only as {@code personHash}, a keyed hash of the patrol's pseudonymous code; free-text
 * notes never leave patrol-service.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReferralRequestEvent.Requested.class, name = "REFERRAL_REQUESTED"),
        @JsonSubTypes.Type(value = ReferralRequestEvent.CancelRequested.class, name = "REFERRAL_CANCEL_REQUESTED")
})
public sealed interface ReferralRequestEvent {

    int SCHEMA_VERSION = 1;

    UUID eventId();

    int schemaVersion();

    Instant occurredAt();

    String referralId();

    String patrolId();

    record Requested(
            UUID eventId,
            int schemaVersion,
            Instant occurredAt,
            String referralId,
            String patrolId,
            String personHash,
            String arrondissement,
            Double latitude,
            Double longitude,
            Needs needs,
            List<FacilityKind> kinds,
            Integer urgency) implements ReferralRequestEvent {
    }

    record CancelRequested(
            UUID eventId,
            int schemaVersion,
            Instant occurredAt,
            String referralId,
            String patrolId) implements ReferralRequestEvent {
    }
}
