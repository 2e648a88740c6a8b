package org.relais.patrol.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;

/**
 * A patrol's placement request and its current state as referral-service reports it. The person is only
 * {@link #personHash}; {@code personHash}, the coordinates and {@link #requestFingerprint} are personal fields,
 * nulled by the retention purge. Never log this entity.
 */
@Entity
public class Referral extends PanacheEntityBase {

    @Id
    public String id;

    public String patrolId;

    public String idempotencyKey;

    /** Keyed hash of the request body, to refuse an Idempotency-Key reused for another request. */
    public String requestFingerprint;

    /** Keyed hash of the person code: never published; at most one active referral per person (see V3). */
    public String personHash;

    public String arrondissement;

    public Double latitude;

    public Double longitude;

    @Enumerated(EnumType.STRING)
    public Gender gender;

    public boolean couple;

    public boolean pet;

    public boolean wheelchair;

    public boolean activeUse;

    @Convert(converter = FacilityKindsConverter.class)
    public List<FacilityKind> kinds;

    public Integer urgency;

    /** The patrol asked for a place in its arrondissement only. */
    public boolean sameArrondissementOnly;

    /** Metres from the request's position to the held place, as referral-service reported it with HELD; else null. */
    public Integer distanceMeters;

    @Enumerated(EnumType.STRING)
    public ReferralStatus status;

    public String facilityId;

    public Instant holdExpiresAt;

    public String reason;

    public Instant cancelRequestedAt;

    public Instant requestedAt;

    public Instant updatedAt;

    public Instant personalDataPurgedAt;

    /** Number of the last status change (V6), the patrol stream's event id; null until the first change. */
    public Long changeSeq;

    public Needs needs() {
        return new Needs(gender, couple, pet, wheelchair, activeUse);
    }
}
