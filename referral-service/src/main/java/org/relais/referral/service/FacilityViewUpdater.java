package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.relais.events.Availability;
import org.relais.events.EventJson;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.referral.config.HoldConfig;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Referral;

/**
 * Keeps referral-service's view of facilities from {@code relais.facility-state}. Idempotent by
 * construction: only a newer state is applied, and an arrival's hold is released at most once.
 */
@ApplicationScoped
public class FacilityViewUpdater {

    private final FacilityAvailabilityRepository facilities;
    private final ReferralLifecycle lifecycle;
    private final EventJson json;
    private final HoldConfig hold;
    private final HoldWithdrawal withdrawal;

    public FacilityViewUpdater(FacilityAvailabilityRepository facilities, ReferralLifecycle lifecycle, EventJson json,
            HoldConfig hold, HoldWithdrawal withdrawal) {
        this.facilities = facilities;
        this.withdrawal = withdrawal;
        this.lifecycle = lifecycle;
        this.json = json;
        this.hold = hold;
    }

    /**
     * What applying a state came to. {@code placesMayHaveFreed}: the count changed or consumed holds stopped counting,
     * so the arrondissement's waitlist is worth a pass. {@code withdrawn}: holds the new count could not keep, withdrawn
     * with it. {@code holdsAboveCount}: the facility still holds more places than it can keep held (holds placed between
     * the estimate and the facility's lock), see {@link HoldWithdrawal#withdrawExcessHolds}.
     */
    public record Applied(String facilityId, String arrondissement, boolean placesMayHaveFreed, int withdrawn,
            boolean holdsAboveCount) {
    }

    /**
     * Applies the state if newer than the one stored; see {@link #applyAll}.
     */
    public Uni<Applied> apply(FacilityStateEvent event) {
        return applyAll(List.of(event)).map(applied -> applied.get(0));
    }

    /**
     * Applies these states (record order) in one transaction, as if one after the other: each is stored if newer than
     * the one stored before it. Whether newer or not, the consumed holds of arrivals a state says its count includes
     * stop counting (each once, see {@link #countedArrivals}): a consumed hold never depends on one record (the
     * ARRIVAL-caused one) reaching this service. Holds above a facility's final count are withdrawn in the same
     * transaction, so that no reader (a hold, the board, a crash before the next step) ever meets a count below its
     * holds (an intermediate state of the batch is never visible, so it withdraws nothing). Every referral row is
     * locked before any facility row, and facility rows in id order: the order of every step, so a batch deadlocks
     * with no single-facility step. One {@link Applied} per facility, in facility id order.
     */
    @WithTransaction
    public Uni<List<Applied>> applyAll(List<FacilityStateEvent> events) {
        Map<String, List<FacilityStateEvent>> byFacility = new TreeMap<>();
        events.forEach(event -> byFacility.computeIfAbsent(event.facilityId(), id -> new ArrayList<>()).add(event));
        List<String> ids = List.copyOf(byFacility.keySet());
        Map<String, List<Referral>> above = new HashMap<>();
        Map<String, FacilityAvailability> stored = new HashMap<>();
        Set<String> changed = new HashSet<>();
        // Referral rows first (holds the likely final state would leave above its count, an estimate re-counted below).
        return each(ids, id -> withdrawal.lockHoldsAbove(id, keepable(latest(byFacility.get(id))))
                        .invoke(locked -> above.put(id, locked)))
                // Then the facility rows, in id order.
                .chain(() -> each(ids, id -> facilities.findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .invoke(current -> stored.put(id, current))))
                .chain(() -> each(events, event -> {
                    FacilityAvailability current = stored.get(event.facilityId());
                    if (current != null && !newer(event, current)) {
                        return Uni.createFrom().voidItem();
                    }
                    changed.add(event.facilityId());
                    return store(current, event).invoke(view -> stored.put(event.facilityId(), view));
                }))
                // Flushed first: the statements below read the counts just stored.
                .call(facilities::flush)
                .chain(() -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> finish(id, byFacility.get(id), stored.get(id),
                                changed.contains(id), above.get(id)))
                        .collect().asList());
    }

    /** A facility's arrivals counted, its holds above the stored count withdrawn. */
    private Uni<Applied> finish(String facilityId, List<FacilityStateEvent> events, FacilityAvailability stored,
            boolean newer, List<Referral> above) {
        // Each state's arrivals stop counting, whichever was stored: the union of what each says, once.
        Set<String> counted = new LinkedHashSet<>();
        Instant before = null;
        for (FacilityStateEvent event : events) {
            counted.addAll(countedArrivals(event));
            Instant reported = reportCountedArrivalsBefore(event);
            before = reported != null && (before == null || reported.isAfter(before)) ? reported : before;
        }
        return lifecycle.arrivalsCounted(facilityId, counted, before)
                .chain(released -> withdrawal.withdrawLocked(facilityId, above)
                        .chain(withdrawn -> facilities.excessHolds(facilityId).map(excess -> new Applied(
                                facilityId, stored.arrondissement, newer || released > 0, withdrawn, excess > 0))));
    }

    /** The state of these (record order) that would be stored last, ignoring the view: its count is the likely final one. */
    private static FacilityStateEvent latest(List<FacilityStateEvent> events) {
        FacilityStateEvent latest = events.get(0);
        for (FacilityStateEvent event : events) {
            if (event.availability().version() > latest.availability().version()
                    || event.availability().version() == latest.availability().version()
                            && event.occurredAt().isAfter(latest.occurredAt())) {
                latest = event;
            }
        }
        return latest;
    }

    /** Runs {@code step} on each item in turn. */
    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).replaceWith(Boolean.TRUE))
                .collect().last()
                .replaceWithVoid();
    }

    /** Places a facility in this state can keep held: its free count (never above its total), none once inactive. */
    private static int keepable(FacilityStateEvent event) {
        Availability availability = event.availability();
        return event.facility().active() ? Math.max(0, Math.min(availability.free(), availability.total())) : 0;
    }

    /** The facility as now stored. */
    private Uni<FacilityAvailability> store(FacilityAvailability current, FacilityStateEvent event) {
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

    /**
     * Referrals whose arrival the state's count includes: the arrival that caused it, and the latest ones
     * capacity-service counted. A later state (any newer view has these arrivals counted too) says so even when the
     * ARRIVAL-caused record was lost, compacted away or dead-lettered.
     */
    private static Set<String> countedArrivals(FacilityStateEvent event) {
        Set<String> counted = new LinkedHashSet<>();
        FacilityStateEvent.Cause cause = event.cause();
        if (cause != null && FacilityStateEvent.Cause.ARRIVAL.equals(cause.type()) && cause.referralId() != null) {
            counted.add(cause.referralId());
        }
        List<String> listed = event.availability().recentArrivals();
        // capacity-service lists at most this many, newest last; a longer list is cut to its newest.
        listed.subList(Math.max(0, listed.size() - Availability.MAX_ARRIVALS_LISTED), listed.size()).stream()
                .filter(id -> id != null && !id.isBlank())
                .forEach(counted::add);
        return counted;
    }

    /**
     * The operator's report ({@code countedAt}) counted everyone present: a person who arrived before it is in its
     * count. A confirmation that the count is unchanged moves {@code updatedAt} only and counts nobody. The margin
     * covers the operator's device clock running ahead of ours. Null before any report.
     */
    private Instant reportCountedArrivalsBefore(FacilityStateEvent event) {
        Instant reported = event.availability().lastCountedAt();
        return reported == null ? null : reported.minus(hold.arrivalReportMargin());
    }
}
