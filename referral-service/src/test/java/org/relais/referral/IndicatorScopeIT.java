package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.referral.support.As;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;

/**
 * The indicators count the board's demand only: a request made in an area off the board (the bench's, the tests')
 * leaves them exactly as they were, one made in 75019 shows in them, and {@code ?arrondissement=} picks one of the
 * board's and nothing else.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class IndicatorScopeIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String ON_THE_BOARD = "75019";
    private static final List<String> FIGURES = List.of("requests", "held", "arrived", "waitlisted", "expired",
            "declined", "cancelled", "unmet");

    @Test
    void onlyRequestsMadeOnTheBoardAreCounted() throws Exception {
        // A window of its own: only steps taken during this test fall in it.
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Instant to = from.plus(1, ChronoUnit.HOURS);
        JsonPath board = indicators(from, to, null);
        JsonPath in19 = indicators(from, to, ON_THE_BOARD);
        JsonPath in18 = indicators(from, to, "75018");
        assertEquals(List.of("75018", "75019", "75020"), board.getList("arrondissements"));
        assertEquals(List.of(ON_THE_BOARD), in19.getList("arrondissements"));

        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            // Off the board: one place for two requests, so one is held and one waits for lack of place.
            String offBoard = RelaisKafka.freshArrondissement();
            FacilityStateEvent offBoardShelter = RelaisKafka.shelter(RelaisKafka.freshId("off-board"), offBoard, 1, 1, 1);
            kafka.publish(offBoardShelter);
            kafka.flush();
            // Known here before the requests come (another topic, another consumer): else both would wait at first.
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                    .queryParam("facilityId", offBoardShelter.facilityId()).get("/api/holds").then().statusCode(200));
            List<String> offBoardRequests = List.of(RelaisKafka.freshId("off-board"), RelaisKafka.freshId("off-board"));
            for (String id : offBoardRequests) {
                kafka.publish(RelaisKafka.request(id, offBoard, Instant.now()));
            }
            kafka.flush();
            awaitMatched(statuses, offBoardRequests);
            assertEquals(1, statuses.count(offBoardRequests, ReferralStatus.HELD), "the off-board area matches itself");
            assertEquals(1, statuses.count(offBoardRequests, ReferralStatus.WAITLISTED));

            JsonPath afterOffBoard = indicators(from, to, null);
            assertSameFigures(board, afterOffBoard, "totals");
            assertEquals(board.getMap("current"), afterOffBoard.getMap("current"), "current");
            assertEquals(board.getList("hourly"), afterOffBoard.getList("hourly"), "hourly");
            assertEquals(board.getList("byArrondissement"), afterOffBoard.getList("byArrondissement"), "byArrondissement");
            assertFalse(afterOffBoard.getList("byArrondissement.arrondissement").contains(offBoard));

            // On the board: the same two requests in 75019.
            FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("board-shelter"), ON_THE_BOARD, 1, 1, 1);
            kafka.publish(shelter);
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> As.coordinator()
                    .queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().statusCode(200));
            List<String> boardRequests = List.of(RelaisKafka.freshId("board"), RelaisKafka.freshId("board"));
            for (String id : boardRequests) {
                kafka.publish(RelaisKafka.request(id, ON_THE_BOARD, Instant.now()));
            }
            kafka.flush();
            awaitMatched(statuses, boardRequests);
            // What matching did with them (another test's place on the board may have taken one): the figures follow it.
            long held = steps(statuses, boardRequests, ReferralStatus.HELD);
            long waitlisted = steps(statuses, boardRequests, ReferralStatus.WAITLISTED);
            assertEquals(2, held + waitlisted);

            JsonPath afterBoard = indicators(from, to, null);
            assertEquals(count(board, "totals.requests") + 2, count(afterBoard, "totals.requests"));
            assertEquals(count(board, "totals.held") + held, count(afterBoard, "totals.held"));
            assertEquals(count(board, "totals.waitlisted") + waitlisted, count(afterBoard, "totals.waitlisted"));
            assertEquals(count(board, "totals.unmet") + waitlisted, count(afterBoard, "totals.unmet"));
            assertEquals(count(board, "current.activeHolds") + statuses.count(boardRequests, ReferralStatus.HELD),
                    count(afterBoard, "current.activeHolds"));
            assertEquals(count(board, "current.waitlist") + statuses.count(boardRequests, ReferralStatus.WAITLISTED),
                    count(afterBoard, "current.waitlist"));
            assertEquals(hourlyRequests(board) + 2, hourlyRequests(afterBoard));
            String in19Path = "byArrondissement.find { it.arrondissement == '" + ON_THE_BOARD + "' }.requests";
            assertEquals(count(board, in19Path) + 2, count(afterBoard, in19Path));

            JsonPath afterIn19 = indicators(from, to, ON_THE_BOARD);
            assertEquals(count(in19, "totals.requests") + 2, count(afterIn19, "totals.requests"));
            assertEquals(List.of(ON_THE_BOARD), afterIn19.getList("byArrondissement.arrondissement"));
            assertSameFigures(in18, indicators(from, to, "75018"), "totals");

            // Leave no open place nor waiting request on the board for the tests that follow.
            for (String id : boardRequests) {
                kafka.publish(RelaisKafka.cancel(id));
            }
            kafka.publish(RelaisKafka.recount(shelter, 0, null));
            kafka.flush();
            await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                    assertEquals(2, statuses.count(boardRequests, ReferralStatus.CANCELLED)));
        }
    }

    @Test
    void anArrondissementOffTheBoardOrMalformedIsRefused() {
        for (String arrondissement : List.of("75001", "00900", "91234", "7501", "750190", "75 19", "abcde", "75019,75020")) {
            As.coordinator().queryParam("arrondissement", arrondissement).get("/api/indicators")
                    .then().statusCode(400).contentType(startsWith(PROBLEM))
                    .body("detail", containsString("75018, 75019, 75020"));
        }
        // Empty is the default: the whole board.
        As.coordinator().queryParam("arrondissement", "").get("/api/indicators")
                .then().statusCode(200).body("arrondissements.size()", org.hamcrest.Matchers.is(3));
        // A refused scope is refused whatever the window; a bad window with a good scope is refused too.
        As.coordinator().queryParam("arrondissement", "75001").queryParam("from", "yesterday").get("/api/indicators")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        As.coordinator().queryParam("arrondissement", ON_THE_BOARD).queryParam("from", "yesterday").get("/api/indicators")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        // Only coordinators read them, whatever the scope.
        As.operator("some-shelter").queryParam("arrondissement", ON_THE_BOARD).get("/api/indicators")
                .then().statusCode(403);
    }

    private static JsonPath indicators(Instant from, Instant to, String arrondissement) {
        RequestSpecification request = As.coordinator().queryParam("from", from.toString()).queryParam("to", to.toString());
        if (arrondissement != null) {
            request = request.queryParam("arrondissement", arrondissement);
        }
        return request.get("/api/indicators").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitMatched(StatusLog statuses, List<String> referralIds) {
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() -> {
            Map<String, ReferralStatus> now = statuses.current(referralIds);
            assertEquals(referralIds.size(), now.size(), "referrals with a status: " + now);
            assertTrue(now.values().stream().noneMatch(s -> s == ReferralStatus.REQUESTED), "matched: " + now);
        });
    }

    private static long steps(StatusLog statuses, List<String> referralIds, ReferralStatus status) {
        return referralIds.stream().flatMap(id -> statuses.statuses(id).stream()).filter(s -> s == status).count();
    }

    private static long count(JsonPath json, String path) {
        Number value = json.get(path);
        return value == null ? 0 : value.longValue();
    }

    private static long hourlyRequests(JsonPath json) {
        return json.getList("hourly.requests", Integer.class).stream().mapToLong(Integer::longValue).sum();
    }

    private static void assertSameFigures(JsonPath before, JsonPath after, String path) {
        for (String figure : FIGURES) {
            assertEquals(count(before, path + "." + figure), count(after, path + "." + figure), path + "." + figure);
        }
    }
}
