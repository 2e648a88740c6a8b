package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.outbox.EventJson;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.FacilityAvailabilityRepository;

/**
 * Keeps referral-service's view of facilities from {@code relais.facility-state}. Idempotent by
 * construction: only a newer state is applied, and an arrival's hold is released at most once.
 */
@ApplicationScoped
public class AvailabilityService {

    private final FacilityAvailabilityRepository facilities;
    private final ReferralLifecycle lifecycle;
    private final EventJson json;

    public AvailabilityService(FacilityAvailabilityRepository facilities, ReferralLifecycle lifecycle, EventJson json) {
        this.facilities = facilities;
        this.lifecycle = lifecycle;
        this.json = json;
    }

    /**
     * Applies the state if newer than the one stored, and, for an ARRIVAL-caused state, stops counting that
     * arrival's hold (the new {@code free} now counts the person). Returns the facility's arrondissement when
     * something changed (a place may have freed up for the waitlist), else null.
     */
    @WithTransaction
    public Uni<String> apply(FacilityStateEvent event) {
        Instant now = Instant.now();
        return facilities.findById(event.facilityId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(current -> store(current, event))
                .chain(stored -> arrivalCounted(event, now).map(released ->
                        stored != null ? stored.arrondissement : released ? event.facility().arrondissement() : null));
    }

    /** The facility as now stored if the event was newer, else null. */
    private Uni<FacilityAvailability> store(FacilityAvailability current, FacilityStateEvent event) {
        if (current != null && !newer(event, current)) {
            return Uni.createFrom().nullItem();
        }
        FacilityAvailability view = current != null ? current : new FacilityAvailability();
        Facility facility = event.facility();
        view.facilityId = event.facilityId();
        view.kind = facility.kind();
        view.arrondissement = facility.arrondissement();
        view.latitude = facility.latitude();
        view.longitude = facility.longitude();
        view.openingHours = json.write(facility.openingHours() == null ? List.of() : facility.openingHours());
        view.eligibility = json.write(facility.eligibility());
        view.reportingIntervalSeconds = facility.reportingInterval().toSeconds();
        view.active = facility.active();
        view.free = event.availability().free();
        view.total = event.availability().total();
        view.updatedAt = event.availability().updatedAt();
        view.availabilityVersion = event.availability().version();
        view.stateOccurredAt = event.occurredAt();
        return current != null ? Uni.createFrom().item(view) : facilities.persist(view);
    }

    /**
     * Availability versions order counts; a descriptor change (eligibility, hours) may keep the version, so the
     * event time orders states of equal version. A replayed event is neither, and changes nothing.
     */
    private static boolean newer(FacilityStateEvent event, FacilityAvailability current) {
        long version = event.availability().version();
        if (event.type() == FacilityStateEvent.Type.STATE_REPUBLISHED) {
            // Not a change: only news to a view that is behind (or, above, that lacks the facility).
            return version > current.availabilityVersion;
        }
        return version > current.availabilityVersion
                || version == current.availabilityVersion && event.occurredAt().isAfter(current.stateOccurredAt);
    }

    private Uni<Boolean> arrivalCounted(FacilityStateEvent event, Instant now) {
        FacilityStateEvent.Cause cause = event.cause();
        if (cause == null || !FacilityStateEvent.Cause.ARRIVAL.equals(cause.type()) || cause.referralId() == null) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.arrivalCounted(cause.referralId(), event.facilityId(), now);
    }
}
