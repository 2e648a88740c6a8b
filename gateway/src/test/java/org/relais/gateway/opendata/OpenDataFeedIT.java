package org.relais.gateway.opendata;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.events.Availability;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.OpeningSpan;
import org.relais.gateway.support.BoardTest;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.HsdsSchemas;
import org.relais.testing.TestTokenResource;

/**
 * The open-data feed on the real broker: facilities published to the facility topics come out as HSDS 3.1 services,
 * every answer validating against the vendored HSDS schemas; no token is needed; errors are problem+json; a
 * confidential place's address and position never appear anywhere in the feed.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class OpenDataFeedIT extends BoardTest {

    private static final String SERVICES = "/open-data/hsds/services";

    @Inject
    @ConfigProperty(name = "relais.arrondissements")
    List<String> arrondissements;

    /** A facility in the feed's scope (the configured arrondissements), open in the daytime. */
    private Facility plain(String id, FacilityKind kind) {
        String arrondissement = arrondissements.get(0);
        return new Facility(id, "Accueil " + id, kind, arrondissement, "3 rue du Test, " + arrondissement + " Paris",
                48.8901, 2.3502, List.of(new OpeningSpan(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 30)),
                        new OpeningSpan(DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(17, 30))),
                FacilityEvents.facility(id, arrondissement, kind).eligibility(), Duration.ofHours(2), true);
    }

    private static UUID serviceId(String facilityId) {
        return HsdsIds.service(facilityId);
    }

    /** The single service, validated against HSDS's service schema; null while the feed does not know it. */
    private static JsonPath service(String facilityId) {
        Response response = given().get(SERVICES + "/" + serviceId(facilityId));
        if (response.statusCode() == 404) {
            return null;
        }
        response.then().statusCode(200).contentType(startsWith("application/json"));
        HsdsSchemas.assertValid(HsdsSchemas.SERVICE, response.asString());
        return response.jsonPath();
    }

    @Test
    void aFacilityIsAServiceWithItsLocationScheduleAndCapacityAnonymously() {
        String id = FacilityEvents.newId();
        Facility facility = plain(id, FacilityKind.EMERGENCY_SHELTER);
        Instant reported = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        events.state(facility, new Availability(7, 20, reported, 4), Instant.now());
        events.holds(id, 2, 1);
        await().until(() -> {
            JsonPath service = service(id);
            return service != null && service.getInt("capacities[0].available") == 5;
        });

        Response response = given().get(SERVICES + "/" + serviceId(id));
        response.then().statusCode(200)
                .header("Cache-Control", "public, max-age=30")
                .header("Access-Control-Allow-Origin", "*");
        JsonPath service = response.jsonPath();
        assertEquals(serviceId(id).toString(), service.getString("id"));
        assertEquals("Accueil " + id, service.getString("name"));
        assertEquals("active", service.getString("status"));
        assertTrue(service.getString("description").startsWith("Emergency shelter"), service.getString("description"));
        // Offered places: 7 free, 2 held for patrols; maximum is the total; updated is the count's time.
        assertEquals(5, service.getInt("capacities[0].available"));
        assertEquals(20, service.getInt("capacities[0].maximum"));
        assertEquals(reported, Instant.parse(service.getString("capacities[0].updated")));
        assertEquals("Bed", service.getString("capacities[0].unit.name"));
        assertEquals("false", service.getString("capacities[0].attributes[0].value"), "a fresh count is not stale");
        // Read as text: JsonPath would read the numbers as floats.
        String body = response.asString();
        assertTrue(body.contains("\"latitude\":48.8901,") && body.contains("\"longitude\":2.3502"), body);
        assertEquals("3 rue du Test", service.getString("service_at_locations[0].location.addresses[0].address_1"));
        assertEquals(arrondissements.get(0), service.getString("service_at_locations[0].location.addresses[0].postal_code"));
        assertEquals("FR", service.getString("service_at_locations[0].location.addresses[0].country"));
        assertEquals(1, service.getList("schedules").size(), "Monday and Tuesday share their hours: one rule");
        assertEquals("MO,TU", service.getString("schedules[0].byday"));
        assertTrue(service.getString("schedules[0].opens_at").startsWith("09:00+0"), service.getString("schedules[0].opens_at"));
        assertTrue(service.getString("schedules[0].closes_at").startsWith("17:30+0"));

        // A token changes nothing: the feed is the same for anyone, and a bad one is not refused.
        given().header("Authorization", "Bearer not-a-token").get(SERVICES + "/" + serviceId(id)).then().statusCode(200);
    }

    @Test
    void aSpanAcrossMidnightClosesTheNextMorning() {
        String id = FacilityEvents.newId();
        Facility base = plain(id, FacilityKind.REST_ROOM);
        List<OpeningSpan> nights = new ArrayList<>();
        for (DayOfWeek day : List.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)) {
            nights.add(new OpeningSpan(day, LocalTime.of(22, 0), LocalTime.of(7, 0)));
        }
        nights.add(new OpeningSpan(DayOfWeek.SUNDAY, LocalTime.of(20, 0), LocalTime.of(20, 0)));
        Facility overnight = new Facility(id, base.name(), base.kind(), base.arrondissement(), base.address(), base.latitude(),
                base.longitude(), nights, base.eligibility(), base.reportingInterval(), true);
        events.state(overnight, 3, 12, Instant.now(), 1);
        await().until(() -> service(id) != null);

        JsonPath service = service(id);
        List<Map<String, Object>> schedules = service.getList("schedules");
        assertEquals(2, schedules.size(), schedules.toString());
        Map<String, Object> night = schedules.stream().filter(s -> "FR,SA".equals(s.get("byday"))).findFirst().orElseThrow();
        assertEquals("WEEKLY", night.get("freq"));
        assertTrue(((String) night.get("opens_at")).startsWith("22:00"), night.toString());
        assertTrue(((String) night.get("closes_at")).startsWith("07:00"), night.toString());
        assertTrue(((String) night.get("description")).contains("closes at 07:00 the next morning"), night.toString());
        Map<String, Object> sunday = schedules.stream().filter(s -> "SU".equals(s.get("byday"))).findFirst().orElseThrow();
        assertTrue(((String) sunday.get("description")).contains("24 hours from 20:00"), sunday.toString());
        assertEquals("Place", service.getString("capacities[0].unit.name"));
    }

    @Test
    void aConfidentialPlaceHasNoAddressPositionOrLocationAnywhere() {
        String id = FacilityEvents.newId();
        Facility base = plain(id, FacilityKind.EMERGENCY_SHELTER);
        // As a producer that forgot to leave the address out would publish it.
        Facility confidential = new Facility(id, base.name(), base.kind(), base.arrondissement(), "9 rue Secrète", 48.8812,
                2.3801, base.openingHours(), base.eligibility(), base.reportingInterval(), true, true);
        events.state(confidential, 2, 8, Instant.now(), 1);
        await().until(() -> service(id) != null);

        String single = given().get(SERVICES + "/" + serviceId(id)).then().statusCode(200).extract().asString();
        assertNoAddress(single);
        JsonPath service = JsonPath.from(single);
        assertNull(service.get("service_at_locations"), single);
        assertEquals(arrondissements.get(0), service.getString("service_areas[0].name"), single);
        assertEquals(2, service.getInt("capacities[0].available"));
        for (String page : allPages(5)) {
            assertNoAddress(page);
        }
    }

    @Test
    void aStaleCountSaysSo() {
        String id = FacilityEvents.newId();
        Facility facility = plain(id, FacilityKind.LONG_STAY_HOUSING);
        events.state(facility, 4, 10, Instant.now().minus(Duration.ofHours(5)), 1);
        await().until(() -> service(id) != null);

        JsonPath service = service(id);
        assertEquals("relais:stale", service.getString("capacities[0].attributes[0].link_type"));
        assertEquals("true", service.getString("capacities[0].attributes[0].value"));
        assertTrue(service.getString("capacities[0].description").contains("Stale"));
    }

    @Test
    void everyPageValidatesAndTogetherTheyListEachFacilityOfTheBoardOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = FacilityEvents.newId();
            ids.add(id);
            events.state(plain(id, FacilityKind.CONSUMPTION_ROOM), i, 10, Instant.now(), 1);
        }
        // A facility outside the board's arrondissements is not published.
        String elsewhere = FacilityEvents.newId();
        events.state(FacilityEvents.facility(elsewhere, FacilityEvents.newArrondissement(), FacilityKind.REST_ROOM), 1, 2,
                Instant.now(), 1);
        await().until(() -> ids.stream().allMatch(id -> service(id) != null));

        List<String> pages = allPages(2);
        Set<String> listed = new HashSet<>();
        int total = JsonPath.from(pages.get(0)).getInt("total_items");
        for (int n = 0; n < pages.size(); n++) {
            JsonPath page = JsonPath.from(pages.get(n));
            assertEquals(total, page.getInt("total_items"));
            assertEquals(pages.size(), page.getInt("total_pages"));
            assertEquals(n + 1, page.getInt("page_number"));
            assertEquals(n == 0, page.getBoolean("first_page"));
            assertEquals(n == pages.size() - 1, page.getBoolean("last_page"));
            assertFalse(page.getBoolean("empty"));
            List<String> contents = page.getList("contents.id");
            assertEquals(page.getInt("size"), contents.size());
            assertTrue(contents.size() <= 2);
            for (String serviceId : contents) {
                assertTrue(listed.add(serviceId), serviceId + " is listed twice");
            }
        }
        assertEquals(total, listed.size());
        for (String id : ids) {
            assertTrue(listed.contains(serviceId(id).toString()), id + " is listed");
        }
        assertFalse(listed.contains(serviceId(elsewhere).toString()), "a facility off the board is not published");
        given().get(SERVICES + "/" + serviceId(elsewhere)).then().statusCode(404);

        // Past the last page: an empty page, still a valid one.
        String past = given().queryParam("page", pages.size() + 1).queryParam("per_page", 2).get(SERVICES)
                .then().statusCode(200).extract().asString();
        HsdsSchemas.assertValid(HsdsSchemas.SERVICE_PAGE, past);
        assertTrue(JsonPath.from(past).getBoolean("empty"));
        assertEquals(0, JsonPath.from(past).getList("contents").size());
    }

    @Test
    void theRootSaysWhichHsdsVersion() {
        String root = given().get("/open-data/hsds/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*").extract().asString();
        HsdsSchemas.assertValid(HsdsSchemas.ROOT, root);
        assertEquals("3.1", JsonPath.from(root).getString("version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "not-a-uuid", "aed030cf-72e1-5301-96fe-cf3dd001d83c"})
    void anUnknownServiceIs404Problem(String id) {
        given().get(SERVICES + "/" + id).then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .header("Access-Control-Allow-Origin", "*")
                .body("status", equalTo(404));
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=-1", "page=abc", "page=1.5", "page=99999999999", "per_page=0",
            "per_page=201", "per_page=x", "page=1&page=2", "search=shelter", "organization_id=x", "full=false", "format=csv"})
    void badParametersAre400Problem(String query) {
        given().get(SERVICES + "?" + query).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400));
    }

    /** Every page of the list at this size, each validated against HSDS's Page of services. */
    private static List<String> allPages(int perPage) {
        List<String> pages = new ArrayList<>();
        for (int page = 1; ; page++) {
            String body = given().queryParam("page", page).queryParam("per_page", perPage).get(SERVICES)
                    .then().statusCode(200).header("Cache-Control", "public, max-age=30").extract().asString();
            HsdsSchemas.assertValid(HsdsSchemas.SERVICE_PAGE, body);
            pages.add(body);
            if (JsonPath.from(body).getBoolean("last_page")) {
                return pages;
            }
        }
    }

    private static void assertNoAddress(String json) {
        assertFalse(json.contains("Secrète"), json);
        assertFalse(json.contains("48.8812"), json);
        assertFalse(json.contains("2.3801"), json);
    }
}
