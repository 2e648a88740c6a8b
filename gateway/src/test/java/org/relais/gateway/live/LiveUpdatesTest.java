package org.relais.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.gateway.support.FacilityEvents;

/** The board's hot stream of changes, on a view fed by hand: no broker, no Quarkus. */
class LiveUpdatesTest {

    private static final Instant NOW = Instant.now();
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    private final LiveView view = new LiveView();
    private final LiveUpdates updates = new LiveUpdates(view, MAPPER);
    private final Facility facility = FacilityEvents.facility("shelter-a", "75019", FacilityKind.EMERGENCY_SHELTER);

    @Test
    void aSubscriberGetsEachChangeRenderedAsOneFacilityEvent() {
        AssertSubscriber<LiveChange> subscriber = updates.changes().subscribe().withSubscriber(AssertSubscriber.create(10));

        updates.facilityChanged(view.apply(state(facility, 3, 1)).orElseThrow());

        LiveChange.FacilityFrame frame = (LiveChange.FacilityFrame) subscriber.getItems().get(0);
        assertEquals("shelter-a", frame.facilityId());
        assertEquals("75019", frame.arrondissement());
        assertNull(frame.previousArrondissement(), "new on the board");
        JsonNode data = data(frame, "facility");
        assertEquals(3, data.get("free").asInt());
        assertEquals(1, data.get("version").asLong());
        assertEquals(1, updates.subscribers());
    }

    @Test
    void aFacilityThatMovesConcernsTheAreaItLeftAndTheOneItJoined() {
        AssertSubscriber<LiveChange> subscriber = updates.changes().subscribe().withSubscriber(AssertSubscriber.create(10));
        view.apply(state(facility, 3, 1));
        Facility moved = new Facility(facility.id(), facility.name(), facility.kind(), "75020", facility.address(),
                facility.latitude(), facility.longitude(), facility.openingHours(), facility.eligibility(),
                facility.reportingInterval(), facility.active());

        updates.facilityChanged(view.apply(state(moved, 3, 2)).orElseThrow());

        LiveChange.FacilityFrame frame = (LiveChange.FacilityFrame) subscriber.getItems().get(0);
        assertEquals("75019", frame.previousArrondissement());
        assertTrue(frame.concerns(Set.of("75019")), "its old area's readers see it leave");
        assertTrue(frame.concerns(Set.of("75020")));
        assertFalse(frame.concerns(Set.of("75018")));
    }

    /** A change published late (another thread applied a newer one meanwhile) shows the view's current state. */
    @Test
    void aLateChangeNeverPublishesAnOlderStateThanTheView() {
        AssertSubscriber<LiveChange> subscriber = updates.changes().subscribe().withSubscriber(AssertSubscriber.create(10));
        LiveView.Change first = view.apply(state(facility, 3, 1)).orElseThrow();
        LiveView.Change second = view.apply(state(facility, 1, 2)).orElseThrow();

        updates.facilityChanged(second);
        updates.facilityChanged(first);

        List<Long> versions = subscriber.getItems().stream()
                .map(change -> data((LiveChange.FacilityFrame) change, "facility").get("version").asLong()).toList();
        assertEquals(List.of(2L, 2L), versions);
    }

    private static JsonNode data(LiveChange.FacilityFrame frame, String event) {
        String text = new String(frame.frame(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("event: " + event + "\ndata: "), text);
        assertTrue(text.endsWith("\n\n"), "one complete event");
        try {
            return MAPPER.readTree(text.substring(text.indexOf("data: ") + "data: ".length()).trim());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static FacilityStateEvent state(Facility facility, int free, long version) {
        return new FacilityStateEvent(UUID.randomUUID(), 1, FacilityStateEvent.Type.AVAILABILITY_CHANGED, NOW,
                facility.id(), facility, new Availability(free, 10, NOW, version), null);
    }
}
