package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.gateway.support.Board;
import org.relais.gateway.support.BoardTest;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class CapacityResourceIT extends BoardTest {

    @ConfigProperty(name = "relais.arrondissements")
    List<String> configuredArrondissements;

    @Test
    void facilityShowsItsStateHeldAndOfferedPlaces() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Instant updatedAt = Instant.now().minusSeconds(60);
        events.state(FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER), 5, 10, updatedAt, 1);
        events.holds(id, 2, 1);

        await().untilAsserted(() -> assertEquals(2, Board.facility(arrondissement, id).get("held")));
        Map<String, Object> facility = Board.facility(arrondissement, id);
        assertEquals("Test " + id, facility.get("name"));
        assertEquals("EMERGENCY_SHELTER", facility.get("kind"));
        assertEquals(arrondissement, facility.get("arrondissement"));
        assertEquals("1 rue de Test", facility.get("address"));
        assertEquals(48.89f, ((Number) facility.get("latitude")).floatValue());
        assertEquals(5, facility.get("free"));
        assertEquals(3, facility.get("offered"));
        assertEquals(10, facility.get("total"));
        assertEquals(updatedAt.toString(), facility.get("updatedAt"));
        assertEquals(1, facility.get("version"));
        assertEquals(false, facility.get("stale"));
        assertEquals(true, facility.get("openNow"));
        assertEquals(true, facility.get("openTonight"));
        assertEquals("PT2H", facility.get("reportingInterval"));
        assertEquals(List.of(), facility.get("openingHours"));
        assertEquals(true, facility.get("active"));
        @SuppressWarnings("unchecked")
        Map<String, Object> eligibility = (Map<String, Object>) facility.get("eligibility");
        assertEquals(true, eligibility.get("couples"));
        assertEquals(false, eligibility.get("pets"));
    }

    @Test
    void moreHeldThanFreeOffersNothing() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        events.holds(id, 3, 7); // holds may arrive before the facility's first state
        events.state(FacilityEvents.facility(id, arrondissement, FacilityKind.REST_ROOM), 1, 4, Instant.now(), 1);

        await().untilAsserted(() -> {
            Map<String, Object> facility = Board.facility(arrondissement, id);
            assertEquals(3, facility.get("held"));
            assertEquals(1, facility.get("free"));
            assertEquals(0, facility.get("offered"));
        });
    }

    @Test
    void newerVersionReplacesTheState() {
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Facility facility = FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        events.state(facility, 5, 10, Instant.now(), 1);
        events.state(facility, 2, 10, Instant.now(), 2);

        await().untilAsserted(() -> assertEquals(2, Board.facility(arrondissement, id).get("version")));
        assertEquals(2, Board.facility(arrondissement, id).get("free"));
    }

    @Test
    void staleOpenNowAndOpenTonightFollowTheReportAndTheSchedule() {
        String arrondissement = FacilityEvents.newArrondissement();
        String overdue = FacilityEvents.newId();
        String fresh = FacilityEvents.newId();
        String neverReported = FacilityEvents.newId();
        String closed = FacilityEvents.newId();
        String inactive = FacilityEvents.newId();
        events.state(FacilityEvents.facility(overdue, arrondissement, FacilityKind.EMERGENCY_SHELTER), 1, 5,
                Instant.now().minus(Duration.ofHours(3)), 1);
        events.state(FacilityEvents.facility(fresh, arrondissement, FacilityKind.EMERGENCY_SHELTER), 1, 5, Instant.now(), 1);
        events.state(FacilityEvents.facility(neverReported, arrondissement, FacilityKind.EMERGENCY_SHELTER), 0, 5, null, 0);
        events.state(FacilityEvents.closedNowAndTonight(FacilityEvents.facility(closed, arrondissement, FacilityKind.REST_ROOM)), 2, 5, Instant.now(), 1);
        events.state(FacilityEvents.inactive(FacilityEvents.facility(inactive, arrondissement, FacilityKind.REST_ROOM)), 2, 5, Instant.now(), 1);

        await().untilAsserted(() -> assertEquals(5,
                Board.capacity(Map.of("arrondissement", arrondissement)).getList("facilities").size()));
        JsonPath board = Board.capacity(Map.of("arrondissement", arrondissement));
        assertFlags(board, overdue, true, true, true);
        assertFlags(board, fresh, false, true, true);
        assertFlags(board, neverReported, true, true, true);
        assertFlags(board, closed, false, false, false);
        assertFlags(board, inactive, false, false, false);
        assertEquals(false, board.param("id", inactive).get("facilities.find { it.id == id }.active"));
        // When a count turns stale, for the pages to act on without the rule: its report plus the 2-hour interval.
        assertEquals(Instant.parse(facilityField(board, fresh, "updatedAt")).plus(Duration.ofHours(2)),
                Instant.parse(facilityField(board, fresh, "staleFrom")));
        assertEquals(Instant.parse(facilityField(board, overdue, "updatedAt")).plus(Duration.ofHours(2)),
                Instant.parse(facilityField(board, overdue, "staleFrom")));
        assertNull(facilityField(board, neverReported, "staleFrom"), "a count never reported is stale already");

        assertEquals(List.of(fresh, neverReported, overdue).stream().sorted().toList(), Board.capacity(
                Map.of("arrondissement", arrondissement, "openNow", "true")).getList("facilities.id").stream().sorted().toList());
        assertEquals(List.of(closed, inactive).stream().sorted().toList(), Board.capacity(
                Map.of("arrondissement", arrondissement, "openNow", "false")).getList("facilities.id").stream().sorted().toList());
    }

    @Test
    void aggregatesPerArrondissementAndKind() {
        String arrondissement = FacilityEvents.newArrondissement();
        String shelter = FacilityEvents.newId();
        String longStay = FacilityEvents.newId();
        String restRoom = FacilityEvents.newId();
        String inactive = FacilityEvents.newId();
        events.state(FacilityEvents.facility(shelter, arrondissement, FacilityKind.EMERGENCY_SHELTER), 5, 10, Instant.now(), 1);
        events.holds(shelter, 2, 1);
        events.state(FacilityEvents.facility(longStay, arrondissement, FacilityKind.LONG_STAY_HOUSING), 0, 6, Instant.now(), 1);
        events.holds(longStay, 1, 1);
        events.state(FacilityEvents.closedNowAndTonight(FacilityEvents.facility(restRoom, arrondissement, FacilityKind.REST_ROOM)), 3, 4, Instant.now(), 1);
        events.state(FacilityEvents.inactive(FacilityEvents.facility(inactive, arrondissement, FacilityKind.CONSUMPTION_ROOM)), 9, 9,
                Instant.now(), 1);

        await().untilAsserted(() -> {
            JsonPath board = Board.capacity(Map.of("arrondissement", arrondissement));
            assertEquals(4, board.getList("facilities").size());
            assertEquals(3, board.getInt("arrondissements[0].held"));
        });
        JsonPath board = Board.capacity(Map.of("arrondissement", arrondissement));
        assertEquals(1, board.getList("arrondissements").size());
        assertEquals(arrondissement, board.getString("arrondissements[0].arrondissement"));
        // The inactive consumption room is listed but counts for nothing.
        assertEquals(8, board.getInt("arrondissements[0].free"));
        assertEquals(3, board.getInt("arrondissements[0].held"));
        assertEquals(6, board.getInt("arrondissements[0].offered")); // 3 + 0 (more held than free) + 3
        assertEquals(20, board.getInt("arrondissements[0].total"));
        assertEquals(0.6, board.getDouble("arrondissements[0].occupancy"), 1e-9);
        assertEquals(3, board.getInt("arrondissements[0].nightPlaces")); // the rest room does not open tonight
        List<Map<String, Object>> expectedKinds = List.of(
                kind("EMERGENCY_SHELTER", 5, 2, 3, 10),
                kind("LONG_STAY_HOUSING", 0, 1, 0, 6),
                kind("REST_ROOM", 3, 0, 3, 4),
                kind("CONSUMPTION_ROOM", 0, 0, 0, 0));
        assertEquals(expectedKinds, board.getList("arrondissements[0].kinds"));
        assertEquals(expectedKinds, board.getList("kinds"));
        assertTrue(Instant.parse(board.getString("generatedAt")).isAfter(Instant.now().minusSeconds(60)));

        JsonPath restRooms = Board.capacity(Map.of("arrondissement", arrondissement, "kind", "REST_ROOM"));
        assertEquals(List.of(restRoom), restRooms.getList("facilities.id"));
        assertEquals(List.of(kind("REST_ROOM", 3, 0, 3, 4)), restRooms.getList("kinds"));
        assertEquals(3, restRooms.getInt("arrondissements[0].free"));
        assertEquals(4, restRooms.getInt("arrondissements[0].total"));
        assertEquals(0, restRooms.getInt("arrondissements[0].nightPlaces"));
    }

    @Test
    void severalArrondissementsMayBeAskedFor() {
        String first = FacilityEvents.newArrondissement();
        String second = FacilityEvents.newArrondissement();
        JsonPath board = Board.capacity(Map.of("arrondissement", first + "," + second));
        assertEquals(List.of(first, second), board.getList("arrondissements.arrondissement"));
        assertEquals(0, board.getInt("arrondissements[1].total"));
    }

    @Test
    void withoutFilterTheBoardCoversTheConfiguredArrondissementsOnly() {
        String configured = configuredArrondissements.get(0);
        String elsewhere = FacilityEvents.newArrondissement();
        String inside = FacilityEvents.newId();
        String outside = FacilityEvents.newId();
        events.state(FacilityEvents.facility(outside, elsewhere, FacilityKind.EMERGENCY_SHELTER), 1, 1, Instant.now(), 1);
        events.state(FacilityEvents.facility(inside, configured, FacilityKind.EMERGENCY_SHELTER), 1, 1, Instant.now(), 1);

        await().untilAsserted(() -> assertTrue(Board.capacity(Map.of()).getList("facilities.id").contains(inside)));
        await().untilAsserted(() -> assertEquals(outside, Board.facility(elsewhere, outside).get("id")));
        JsonPath board = Board.capacity(Map.of());
        assertFalse(board.getList("facilities.id").contains(outside));
        assertEquals(configuredArrondissements, board.getList("arrondissements.arrondissement"));
    }

    @ParameterizedTest
    @CsvSource({
            "kind, SPACESHIP, kind must be one of",
            "arrondissement, 750, arrondissement must be a 5-digit postal code",
            "arrondissement, '75018,abcde', arrondissement must be a 5-digit postal code",
            "openNow, maybe, openNow must be true or false"})
    void badFiltersAreRefusedWithAProblem(String parameter, String value, String detail) {
        given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a"))).queryParam(parameter, value)
                .when().get("/api/capacity")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString(detail));
    }

    @Test
    void unknownFacilityIsNotOnTheBoard() {
        assertNull(Board.facility(FacilityEvents.newArrondissement(), FacilityEvents.newId()));
    }

    private static void assertFlags(JsonPath board, String id, boolean stale, boolean openNow, boolean openTonight) {
        Map<String, Object> facility = board.param("id", id).get("facilities.find { it.id == id }");
        assertEquals(stale, facility.get("stale"), "stale of " + id);
        assertEquals(openNow, facility.get("openNow"), "openNow of " + id);
        assertEquals(openTonight, facility.get("openTonight"), "openTonight of " + id);
    }

    private static String facilityField(JsonPath board, String id, String field) {
        return board.param("id", id).getString("facilities.find { it.id == id }." + field);
    }

    private static Map<String, Object> kind(String kind, int free, int held, int offered, int total) {
        return Map.of("kind", kind, "free", free, "held", held, "offered", offered, "total", total);
    }
}
