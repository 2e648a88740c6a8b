package org.relais.gateway.live;

import java.time.Instant;
import java.util.Objects;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.events.OpeningHours;

/**
 * What the gateway knows of one facility: the latest state from {@code relais.facility-state} and the latest
 * hold count from {@code relais.facility-holds}. Holds may arrive before the facility's first state (the two
 * topics are read independently), so {@code facility}/{@code availability} may still be null.
 */
public record LiveFacility(
        String id,
        Facility facility,
        Availability availability,
        Instant stateOccurredAt,
        int held,
        long holdsVersion) {

    /** Holds version before any holds event: lower than any version referral-service publishes. */
    public static final long NO_HOLDS = Long.MIN_VALUE;

    public static LiveFacility unknown(String id) {
        return new LiveFacility(id, null, null, null, 0, NO_HOLDS);
    }

    /** True once a state event arrived: only then does the facility appear on the board. */
    public boolean described() {
        return facility != null && availability != null;
    }

    /**
     * A state event wins when its availability version is newer, or when it carries the same version with a
     * different descriptor or count and happened later (an edit that did not bump the version). Comparing
     * {@code occurredAt} keeps a re-relayed older record from undoing a newer edit.
     */
    public boolean isSupersededBy(FacilityStateEvent event) {
        if (!described()) {
            return true;
        }
        long incoming = event.availability().version();
        if (incoming != availability.version()) {
            return incoming > availability.version();
        }
        boolean differs = !event.facility().equals(facility) || !event.availability().equals(availability);
        boolean later = stateOccurredAt == null || event.occurredAt() == null || event.occurredAt().isAfter(stateOccurredAt);
        return differs && later;
    }

    public LiveFacility withState(Facility newFacility, Availability newAvailability, Instant occurredAt) {
        return new LiveFacility(id, newFacility, newAvailability, occurredAt, held, holdsVersion);
    }

    public LiveFacility withHolds(int newHeld, long newVersion) {
        return new LiveFacility(id, facility, availability, stateOccurredAt, Math.max(0, newHeld), newVersion);
    }

    public int free() {
        return availability.free();
    }

    public int total() {
        return availability.total();
    }

    /** Places patrols may still be offered: free places not already held for another patrol. */
    public int offered() {
        return Availability.offered(availability.free(), held);
    }

    /** Never reported, or reported longer ago than the operator's expected interval. */
    public boolean stale(Instant now) {
        return Availability.stale(availability.updatedAt(), facility.reportingInterval(), now);
    }

    /**
     * The moment the count turns stale if nobody vouches for it again, so that a page can turn it red on time without
     * knowing the rule; null when it never will (no reporting interval) or already is for want of any report.
     */
    public Instant staleFrom() {
        Instant overdue = Availability.overdueAfter(availability.updatedAt(), facility.reportingInterval());
        return Instant.MIN.equals(overdue) ? null : overdue;
    }

    /** An inactive facility is closed whatever its schedule says. */
    public boolean openNow(Instant now) {
        return facility.active() && OpeningHours.isOpen(facility.openingHours(), now);
    }

    public boolean openTonight(Instant now) {
        return facility.active() && OpeningHours.opensTonight(facility.openingHours(), now);
    }

    public String arrondissement() {
        return facility == null ? null : facility.arrondissement();
    }

    /** Same facility, same board-visible content (used to skip re-broadcasting an unchanged facility). */
    public boolean sameAs(LiveFacility other) {
        return other != null && Objects.equals(facility, other.facility) && Objects.equals(availability, other.availability)
                && held == other.held;
    }
}
