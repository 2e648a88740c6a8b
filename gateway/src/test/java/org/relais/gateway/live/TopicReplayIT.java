package org.relais.gateway.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.gateway.support.Board;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;

/**
 * A restarted gateway rebuilds the board from the topics alone: a second replay, with its own empty view and
 * consumer, started after the events were published, reaches the state the running gateway has.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class TopicReplayIT {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    EventJson reader;

    @Inject
    LiveView runningView;

    @Test
    void aNewReplayRebuildsTheSameBoardFromTheTopicsAlone() {
        Board.awaitReady();
        String arrondissement = FacilityEvents.newArrondissement();
        String reordered = FacilityEvents.newId();
        String plain = FacilityEvents.newId();
        Facility first = FacilityEvents.facility(reordered, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        Facility second = FacilityEvents.facility(plain, arrondissement, FacilityKind.REST_ROOM);
        Instant now = Instant.now();
        try (FacilityEvents events = Board.events()) {
            events.state(first, new Availability(7, 10, now, 3), now);
            // Older records after newer ones (e.g. a relay resending after a crash) must not win on replay.
            events.state(first, new Availability(1, 10, now.minusSeconds(60), 2), now.minusSeconds(60));
            events.holds(reordered, 2, 5);
            events.holds(reordered, 9, 4);
            events.state(second, 4, 6, now, 1);
            events.holds(plain, 1, 1);
        }
        await().untilAsserted(() -> {
            assertEquals(2, runningView.get(reordered).map(LiveFacility::held).orElse(-1));
            assertEquals(1, runningView.get(plain).map(LiveFacility::held).orElse(-1));
        });

        Set<String> boardBefore = ids(runningView);
        LiveView rebuilt = new LiveView();
        List<LiveView.Change> changes = new CopyOnWriteArrayList<>();
        try (TopicReplay replay = new TopicReplay(kafka, Duration.ofSeconds(5), reader, rebuilt, changes::add)) {
            replay.start();
            await().until(replay::caughtUp);

            for (String id : List.of(reordered, plain)) {
                LiveFacility running = runningView.get(id).orElseThrow();
                LiveFacility replayed = rebuilt.get(id).orElseThrow();
                assertEquals(running.facility(), replayed.facility());
                assertEquals(running.availability(), replayed.availability());
                assertEquals(running.held(), replayed.held());
                assertEquals(running.holdsVersion(), replayed.holdsVersion());
            }
            LiveFacility rebuiltFirst = rebuilt.get(reordered).orElseThrow();
            assertEquals(3, rebuiltFirst.availability().version());
            assertEquals(7, rebuiltFirst.free());
            assertEquals(2, rebuiltFirst.held());
            assertEquals(5, rebuiltFirst.holdsVersion());
            assertTrue(changes.stream().anyMatch(c -> c.after().id().equals(plain)), "changes are reported while replaying");
            assertTrue(ids(rebuilt).containsAll(boardBefore), "the whole board is rebuilt, not only this test's facilities");
        }
    }

    private static Set<String> ids(LiveView view) {
        return view.facilities().stream().map(LiveFacility::id).collect(Collectors.toSet());
    }
}
