package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.gateway.support.Board;
import org.relais.gateway.support.BoardTest;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class CapacityStreamIT extends BoardTest {

    @TestHTTPResource("/api/capacity/stream")
    URI stream;

    @Test
    void snapshotFirstThenEveryChange() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Facility facility = FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        events.state(facility, 4, 10, Instant.now(), 1);
        await().until(() -> Board.facility(arrondissement, id) != null);

        try (SseClient sse = SseClient.open(filtered(arrondissement))) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
            await().until(() -> !sse.events().isEmpty());
            SseClient.Event snapshot = sse.events().get(0);
            assertEquals("snapshot", snapshot.name());
            JsonObject board = snapshot.json();
            assertEquals(arrondissement, board.getJsonArray("arrondissements").getJsonObject(0).getString("arrondissement"));
            assertEquals(4, board.getJsonArray("arrondissements").getJsonObject(0).getInteger("free"));
            assertEquals(id, board.getJsonArray("facilities").getJsonObject(0).getString("id"));
            assertTrue(board.containsKey("kinds") && board.containsKey("generatedAt"));

            events.state(facility, 2, 10, Instant.now(), 2);
            JsonObject changed = awaitFacility(sse, id, f -> f.getLong("version") == 2);
            assertEquals(2, changed.getInteger("free"));
            assertEquals(0, changed.getInteger("held"));
            assertEquals(arrondissement, changed.getString("arrondissement"));

            events.holds(id, 1, 1);
            JsonObject held = awaitFacility(sse, id, f -> f.getInteger("held") == 1);
            assertEquals(1, held.getInteger("offered"));
            assertEquals(2, held.getLong("version"));
        }
    }

    @Test
    void subscriberOnlyGetsTheArrondissementsItChose() {
        String mine = FacilityEvents.newArrondissement();
        String other = FacilityEvents.newArrondissement();
        String myFacility = FacilityEvents.newId();
        String otherFacility = FacilityEvents.newId();
        try (SseClient mineOnly = SseClient.open(filtered(mine)); SseClient otherOnly = SseClient.open(filtered(other))) {
            await().until(() -> !mineOnly.events("snapshot").isEmpty() && !otherOnly.events("snapshot").isEmpty());

            events.state(FacilityEvents.facility(otherFacility, other, FacilityKind.REST_ROOM), 1, 2, Instant.now(), 1);
            awaitFacility(otherOnly, otherFacility, f -> true);
            // Broadcast before the next change: had it been let through, it would reach mineOnly first.
            events.state(FacilityEvents.facility(myFacility, mine, FacilityKind.REST_ROOM), 1, 2, Instant.now(), 1);
            awaitFacility(mineOnly, myFacility, f -> true);

            assertTrue(mineOnly.events("facility").stream().allMatch(e -> e.json().getString("id").equals(myFacility)));
            assertTrue(otherOnly.events("facility").stream().noneMatch(e -> e.json().getString("id").equals(myFacility)));
        }
    }

    @Test
    void aSubscriberMayChooseSeveralArrondissements() {
        String first = FacilityEvents.newArrondissement();
        String second = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        try (SseClient sse = SseClient.open(URI.create(stream + "?arrondissement=" + first + "&arrondissement=" + second))) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            assertEquals(List.of(first, second), sse.events("snapshot").get(0).json().getJsonArray("arrondissements")
                    .stream().map(a -> ((JsonObject) a).getString("arrondissement")).toList());
            events.state(FacilityEvents.facility(id, second, FacilityKind.REST_ROOM), 1, 2, Instant.now(), 1);
            awaitFacility(sse, id, f -> true);
        }
    }

    @Test
    void keepAliveCommentsFlowWhenNothingChanges() {
        try (SseClient sse = SseClient.open(filtered(FacilityEvents.newArrondissement()))) {
            await().until(() -> sse.events("comment").stream().anyMatch(e -> e.data().equals("ping")));
        }
    }

    @Test
    void facilityTurningStaleWithTheClockIsPublishedWithoutANewReport() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        // Fresh for about 15 more seconds (the reporting interval is 2 h).
        Instant updatedAt = Instant.now().minus(Duration.ofHours(2)).plusSeconds(15);
        events.state(FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER), 3, 3, updatedAt, 1);
        await().until(() -> Board.facility(arrondissement, id) != null);

        try (SseClient sse = SseClient.open(filtered(arrondissement))) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            JsonObject before = sse.events("snapshot").get(0).json().getJsonArray("facilities").getJsonObject(0);
            assertFalse(before.getBoolean("stale"), "the facility should still be fresh when the stream opens");
            JsonObject stale = awaitFacility(sse, id, f -> f.getBoolean("stale"));
            assertEquals(1, stale.getLong("version"));
        }
    }

    @Test
    void slowReaderGetsTheLatestStateInOrder() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Facility facility = FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        try (SseClient slow = SseClient.open(filtered(arrondissement))) {
            await().until(() -> !slow.events("snapshot").isEmpty());
            slow.pause();
            int last = 150;
            for (int version = 1; version <= last; version++) {
                events.state(facility, version % 50, 50, Instant.now(), version);
            }
            await().until(() -> Board.facility(arrondissement, id) != null
                    && ((Number) Board.facility(arrondissement, id).get("version")).intValue() == last);
            slow.resume();
            awaitFacility(slow, id, f -> f.getLong("version") == last);
            List<Long> versions = slow.events("facility").stream().map(e -> e.json().getLong("version")).toList();
            List<Long> sorted = new ArrayList<>(versions);
            sorted.sort(null);
            assertEquals(sorted, versions, "events of a facility never go back in time");
        }
    }

    @Test
    void manySubscribersEachReceiveTheChange() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        List<SseClient> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                subscribers.add(SseClient.open(filtered(arrondissement)));
            }
            await().until(() -> subscribers.stream().allMatch(s -> !s.events("snapshot").isEmpty()));
            events.state(FacilityEvents.facility(id, arrondissement, FacilityKind.REST_ROOM), 7, 9, Instant.now(), 1);
            await().until(() -> subscribers.stream().allMatch(s -> s.events("facility").stream()
                    .anyMatch(e -> e.json().getString("id").equals(id) && e.json().getInteger("free") == 7)));
        } finally {
            subscribers.forEach(SseClient::close);
        }
    }

    @Test
    void badArrondissementIsRefusedWithAProblem() {
        given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a"))).queryParam("arrondissement", "18e")
                .when().get("/api/capacity/stream")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", equalTo("arrondissement must be a 5-digit postal code, e.g. 75018."));
    }

    private URI filtered(String arrondissement) {
        return URI.create(stream + "?arrondissement=" + arrondissement);
    }

    private static JsonObject awaitFacility(SseClient sse, String id, Predicate<JsonObject> condition) {
        return await().until(() -> sse.events("facility").stream().map(SseClient.Event::json)
                .filter(f -> f.getString("id").equals(id) && condition.test(f))
                .findFirst().orElse(null), f -> f != null);
    }
}
