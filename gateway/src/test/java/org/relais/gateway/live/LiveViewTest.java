package org.relais.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.gateway.support.FacilityEvents;

/** The version rules of the view, one class alone. */
class LiveViewTest {

    private static final Instant T0 = Instant.parse("2026-11-25T21:00:00Z");

    private final LiveView view = new LiveView();
    private final Facility facility = FacilityEvents.facility("shelter-a", "75019", FacilityKind.EMERGENCY_SHELTER);

    @Test
    void newerAvailabilityVersionWinsAndOlderIsIgnored() {
        assertTrue(view.apply(state(facility, 5, 3, T0)).isPresent());
        assertTrue(view.apply(state(facility, 1, 2, T0.plusSeconds(10))).isEmpty());
        assertTrue(view.apply(state(facility, 5, 3, T0)).isEmpty(), "a redelivered event changes nothing");
        assertEquals(5, view.get("shelter-a").orElseThrow().free());

        LiveView.Change change = view.apply(state(facility, 2, 4, T0.plusSeconds(20))).orElseThrow();
        assertEquals(5, change.before().free());
        assertEquals(2, change.after().free());
    }

    @Test
    void sameVersionWithANewerDescriptorIsAnEdit() {
        view.apply(state(facility, 5, 3, T0));
        Facility renamed = new Facility(facility.id(), "Renamed", facility.kind(), "75020", facility.address(),
                facility.latitude(), facility.longitude(), facility.openingHours(), facility.eligibility(),
                facility.reportingInterval(), facility.active());
        LiveView.Change edit = view.apply(state(renamed, 5, 3, T0.plusSeconds(5))).orElseThrow();
        assertEquals("75019", edit.before().arrondissement());
        assertEquals("75020", edit.after().arrondissement());
        // The original record relayed again later (older occurredAt) must not undo the edit.
        assertTrue(view.apply(state(facility, 5, 3, T0)).isEmpty());
        assertEquals("Renamed", view.get("shelter-a").orElseThrow().facility().name());
    }

    @Test
    void holdsApplyByTheirOwnVersionEvenBeforeTheFirstState() {
        assertTrue(view.apply(holds(2, 10)).isEmpty(), "not on the board before its state");
        assertTrue(view.get("shelter-a").isEmpty());
        LiveView.Change first = view.apply(state(facility, 5, 1, T0)).orElseThrow();
        assertNull(first.before());
        assertEquals(2, first.after().held());
        assertEquals(3, first.after().offered());

        assertTrue(view.apply(holds(9, 9)).isEmpty(), "older holds are ignored");
        assertEquals(0, view.apply(holds(7, 11)).orElseThrow().after().offered());
        assertEquals(0, view.clearHolds("shelter-a").orElseThrow().after().held());
    }

    @Test
    void changesDeliveredOutOfOrderEndAtTheNewestAndEachVisibleStepIsSaidOnce() {
        List<Integer> seen = new ArrayList<>();
        for (long version : new long[] {1, 3, 2, 3, 4, 1}) {
            view.apply(state(facility, (int) version, version, T0.plusSeconds(version)))
                    .ifPresent(change -> seen.add(change.after().free()));
        }
        assertEquals(List.of(1, 3, 4), seen, "versions 2 and 1 came late, the second 3 twice: none is a change");
        assertEquals(4, view.get("shelter-a").orElseThrow().availability().version());
    }

    @Test
    void theSnapshotHoldsEachDescribedFacilityAtItsLatestStateAndNothingForgotten() {
        Facility other = FacilityEvents.facility("rest-room-b", "75018", FacilityKind.REST_ROOM);
        view.apply(state(facility, 5, 1, T0));
        view.apply(state(other, 2, 1, T0));
        view.apply(state(facility, 4, 2, T0.plusSeconds(1)));
        view.apply(new FacilityHoldsEvent(UUID.randomUUID(), 1, T0, "only-held-c", 1, 1));

        Map<String, Integer> free = view.facilities().stream()
                .collect(Collectors.toMap(LiveFacility::id, LiveFacility::free));
        assertEquals(Map.of("shelter-a", 4, "rest-room-b", 2), free, "a facility known by its holds only is not shown");

        view.forget("rest-room-b");
        assertTrue(view.get("rest-room-b").isEmpty());
        assertTrue(view.apply(new FacilityHoldsEvent(UUID.randomUUID(), 1, T0, "rest-room-b", 1, 5)).isEmpty(),
                "holds after the tombstone do not bring the facility back");
        assertEquals(List.of("shelter-a"), view.facilities().stream().map(LiveFacility::id).toList());
    }

    @Test
    void eventWithoutStateIsRefused() {
        FacilityStateEvent broken = new FacilityStateEvent(UUID.randomUUID(), 1, FacilityStateEvent.Type.FACILITY_UPDATED, T0,
                "shelter-a", null, null, null);
        assertThrows(IllegalArgumentException.class, () -> view.apply(broken));
    }

    private static FacilityStateEvent state(Facility facility, int free, long version, Instant occurredAt) {
        return new FacilityStateEvent(UUID.randomUUID(), 1, FacilityStateEvent.Type.AVAILABILITY_CHANGED, occurredAt,
                facility.id(), facility, new Availability(free, 10, occurredAt, version), null);
    }

    private FacilityHoldsEvent holds(int held, long version) {
        return new FacilityHoldsEvent(UUID.randomUUID(), 1, T0, "shelter-a", held, version);
    }
}
