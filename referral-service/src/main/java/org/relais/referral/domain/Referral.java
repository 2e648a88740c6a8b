package org.relais.referral.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;

/**
 * A patrol's placement request and where it stands. Holds only what matching needs: no person code
 * (not even its hash) and no note ever reach this service's tables.
 */
@Entity
@Table(name = "referral")
public class Referral {

    @Id
    public String id;

    @Column(name = "patrol_id")
    public String patrolId;

    public String arrondissement;

    public Double latitude;

    public Double longitude;

    @Enumerated(EnumType.STRING)
    public Gender gender;

    public boolean couple;

    public boolean pet;

    public boolean wheelchair;

    @Column(name = "active_use")
    public boolean activeUse;

    /** Accepted facility kinds, most preferred first. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] kinds;

    /** The patrol asked for a place in its arrondissement only (no crossing to an adjacent one). */
    @Column(name = "same_arrondissement_only")
    public boolean sameArrondissementOnly;

    /** 0..3, 3 most urgent; null when the patrol did not say. */
    public Integer urgency;

    @Enumerated(EnumType.STRING)
    public ReferralStatus status;

    /** The facility holding (or that held) a place; kept after the hold ends, for the record. */
    @Column(name = "facility_id")
    public String facilityId;

    /** True while this referral's place counts in the facility's held count. */
    @Column(name = "hold_counted")
    public boolean holdCounted;

    @Column(name = "held_at")
    public Instant heldAt;

    @Column(name = "hold_expires_at")
    public Instant holdExpiresAt;

    @Column(name = "waitlist_expires_at")
    public Instant waitlistExpiresAt;

    /** When the facility confirmed the arrival (ARRIVED). */
    @Column(name = "arrived_at")
    public Instant arrivedAt;

    public String reason;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the retention purge forgot the position; written by the purge's own statement only. */
    @Column(name = "personal_data_purged_at", insertable = false, updatable = false)
    public Instant personalDataPurgedAt;

    /**
     * First part of the waitlist order's ascending key (with requestedAt, then id): most urgent first, unknown
     * urgency last; the database's {@code -COALESCE(urgency, -1)}.
     */
    public int waitlistRank() {
        return urgency == null ? 1 : -urgency;
    }

    public Needs needs() {
        return new Needs(gender, couple, pet, wheelchair, activeUse);
    }

    public List<FacilityKind> preferredKinds() {
        return Arrays.stream(kinds).map(FacilityKind::valueOf).toList();
    }
}
