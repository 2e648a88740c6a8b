package org.relais.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a patrol asks of referral-service, published by patrol-service through its outbox to
 * {@link Topics#REFERRAL_REQUESTS}, keyed by referral id so a cancellation never overtakes its request.
 * Nothing about the person travels but the needs matching requires: the person code (kept as a keyed hash) and
 * any free text stay in patrol-service, which alone enforces one active request per person.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReferralRequestEvent.Requested.class, name = "REFERRAL_REQUESTED"),
        @JsonSubTypes.Type(value = ReferralRequestEvent.CancelRequested.class, name = "REFERRAL_CANCEL_REQUESTED")
})
public sealed interface ReferralRequestEvent extends RelaisEvent {

    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String referralId();

    String patrolId();

    @Override
    default String topic() {
        return Topics.REFERRAL_REQUESTS;
    }

    @Override
    default String recordKey() {
        return referralId();
    }

    record Requested(
            UUID eventId,
            int schemaVersion,
            Instant occurredAt,
            String referralId,
            String patrolId,
            String arrondissement,
            Double latitude,
            Double longitude,
            Needs needs,
            List<FacilityKind> kinds,
            Integer urgency,
            // Match only in the requested arrondissement; absent in records written before it existed: false.
            boolean sameArrondissementOnly) implements ReferralRequestEvent {
    }

    record CancelRequested(
            UUID eventId,
            int schemaVersion,
            Instant occurredAt,
            String referralId,
            String patrolId) implements ReferralRequestEvent {
    }
}
