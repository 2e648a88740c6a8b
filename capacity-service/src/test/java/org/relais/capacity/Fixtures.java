package org.relais.capacity;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Fresh ids and request bodies: the database keeps every earlier run's facilities. */
final class Fixtures {

    private Fixtures() {
    }

    static String newFacilityId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A postal code no real facility has, shared by nothing else of this run. */
    static String newArrondissement() {
        return "9" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    }

    static String facilityJson(String id, String arrondissement, String kind, int totalPlaces) {
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
    static String registerFacility(int totalPlaces) {
        String id = newFacilityId();
        given().contentType(ContentType.JSON).body(facilityJson(id, newArrondissement(), "REST_ROOM", totalPlaces))
                .post("/api/facilities")
                .then().statusCode(201);
        return id;
    }

    static ValidatableResponse report(String id, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .put("/api/facilities/{id}/availability", id)
                .then();
    }
}
