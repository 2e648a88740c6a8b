package org.relais.capacity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.relais.testing.TestTokens;
import org.relais.testing.TestAreas;

/**
 * Fresh ids, request bodies and callers with real signed tokens: the database keeps the facilities of the run's
 * earlier tests, and every endpoint wants a role.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A request carrying {@code token} as its bearer token. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    public static RequestSpecification asAdmin() {
        return as(TestTokens.admin());
    }

    /** Reads: any role may read capacity; the coordinator is the one that reads everything. */
    public static RequestSpecification asCoordinator() {
        return as(TestTokens.coordinator());
    }

    public static RequestSpecification asOperator(String... facilityIds) {
        return as(TestTokens.operator(facilityIds));
    }

    public static String newFacilityId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A postal code no real facility has, shared by nothing else of this run. */
    public static String newArrondissement() {
        return TestAreas.next();
    }

    public static String facilityJson(String id, String arrondissement, String kind, int totalPlaces) {
        return """
                {"id": "%s", "name": "Halte test %s", "kind": "%s", "arrondissement": "%s",
                 "address": "12 rue Marcadet, 75018 Paris", "latitude": 48.8916, "longitude": 2.3487,
                 "openingHours": [{"day": "MONDAY", "opens": "22:00", "closes": "07:00"}],
                 "eligibility": {"genders": ["WOMAN", "NON_BINARY"], "couples": false, "pets": true,
                                 "activeUse": true, "wheelchair": false},
                 "totalPlaces": %d, "reportingInterval": "PT2H"}
                """.formatted(id, id, kind, arrondissement, totalPlaces);
    }

    /** Registers a rest room with {@code totalPlaces} places; returns its id. */
    public static String registerFacility(int totalPlaces) {
        String id = newFacilityId();
        asAdmin().contentType(ContentType.JSON).body(facilityJson(id, newArrondissement(), "REST_ROOM", totalPlaces))
                .post("/api/facilities")
                .then().statusCode(201);
        return id;
    }

    public static ValidatableResponse report(String id, String body) {
        return asOperator(id).contentType(ContentType.JSON).body(body)
                .put("/api/facilities/{id}/availability", id)
                .then();
    }

    /** The causes of the facility's arrivals as its history shows them, newest first. */
    public static List<Map<String, Object>> arrivalsOf(String facilityId) {
        JsonPath history = asCoordinator().get("/api/facilities/{id}/availability/history", facilityId)
                .then().statusCode(200).extract().jsonPath();
        return history.<Map<String, Object>>getList("cause").stream().filter(c -> c != null).toList();
    }
}
