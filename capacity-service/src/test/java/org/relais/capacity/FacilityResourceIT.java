package org.relais.capacity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.facilityJson;
import static org.relais.capacity.support.Fixtures.newArrondissement;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class FacilityResourceIT {

    /** A code of this class's own: the run's other tests publish facilities to the same topic. */
    private static final String AREA = newArrondissement();

    @Test
    void registersAFacilityThatStartsUnreportedAndStale() {
        String id = newFacilityId();
        asAdmin().contentType(ContentType.JSON).body(facilityJson(id, AREA, "REST_ROOM", 12))
                .post("/api/facilities")
                .then().statusCode(201)
                .header("Location", endsWith("/api/facilities/" + id))
                .body("id", equalTo(id))
                .body("kind", equalTo("REST_ROOM"))
                .body("arrondissement", equalTo(AREA))
                .body("openingHours[0].day", equalTo("MONDAY"))
                .body("openingHours[0].opens", equalTo("22:00"))
                .body("openingHours[0].closes", equalTo("07:00"))
                .body("eligibility.genders", contains("WOMAN", "NON_BINARY"))
                .body("eligibility.pets", equalTo(true))
                .body("totalPlaces", equalTo(12))
                .body("reportingInterval", equalTo("PT2H"))
                .body("active", equalTo(true))
                .body("availability.free", equalTo(0))
                .body("availability.total", equalTo(12))
                .body("availability.updatedAt", nullValue())
                .body("availability.version", equalTo(1))
                .body("stale", equalTo(true));

        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo("Halte test " + id))
                .body("availability.version", equalTo(1));
    }

    @Test
    void refusesAnIdThatIsTaken() {
        String id = registerFacility(5);
        asAdmin().contentType(ContentType.JSON).body(facilityJson(id, AREA, "EMERGENCY_SHELTER", 9))
                .post("/api/facilities")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409));
        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("kind", equalTo("REST_ROOM"))
                .body("totalPlaces", equalTo(5));
    }

    /** Two instances registering the same facility at once: one wins, the other is told it exists. */
    @Test
    void concurrentRegistrationsOfOneIdGiveOneFacility() throws Exception {
        String id = newFacilityId();
        String body = facilityJson(id, AREA, "CONSUMPTION_ROOM", 8);
        ExecutorService operators = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(operators.submit(() -> asAdmin().contentType(ContentType.JSON).body(body)
                        .post("/api/facilities").then().extract().statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            Collections.sort(codes);
            assertEquals(List.of(201, 409, 409, 409), codes);
        } finally {
            operators.shutdownNow();
        }
    }

    @Test
    void derivesTheIdFromTheNameWhenNoneIsGiven() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"name": "Halte de nuit Évangile %s", "kind": "EMERGENCY_SHELTER", "arrondissement": "%s",
                 "address": "5 rue de l'Évangile, 75018 Paris",
                 "eligibility": {"genders": ["MAN"], "couples": false, "pets": false, "activeUse": false,
                                 "wheelchair": true},
                 "totalPlaces": 20, "reportingInterval": "PT12H"}
                """.formatted(suffix, AREA);
        String id = "halte-de-nuit-evangile-" + suffix;
        asAdmin().contentType(ContentType.JSON).body(body).post("/api/facilities")
                .then().statusCode(201)
                .body("id", equalTo(id))
                .body("openingHours.size()", equalTo(0))
                .body("openNow", equalTo(true))
                .body("eligibility.couples", equalTo(false));
        // The same name again is the same facility.
        asAdmin().contentType(ContentType.JSON).body(body).post("/api/facilities").then().statusCode(409);
    }

    @Test
    void listsFacilitiesByKindAndArrondissement() {
        String arrondissement = newArrondissement();
        String shelter = newFacilityId();
        String otherShelter = newFacilityId();
        String restRoom = newFacilityId();
        for (String[] f : new String[][] {{shelter, "EMERGENCY_SHELTER"}, {otherShelter, "EMERGENCY_SHELTER"},
                {restRoom, "REST_ROOM"}}) {
            asAdmin().contentType(ContentType.JSON).body(facilityJson(f[0], arrondissement, f[1], 10))
                    .post("/api/facilities").then().statusCode(201);
        }

        asCoordinator().queryParam("arrondissement", arrondissement).get("/api/facilities")
                .then().statusCode(200)
                .body("arrondissement", everyItem(equalTo(arrondissement)))
                .body("id", hasItems(shelter, otherShelter, restRoom));
        asCoordinator().queryParam("arrondissement", arrondissement).queryParam("kind", "EMERGENCY_SHELTER")
                .get("/api/facilities")
                .then().statusCode(200)
                .body("kind", everyItem(equalTo("EMERGENCY_SHELTER")))
                .body("id", hasItems(shelter, otherShelter))
                .body("id", not(hasItem(restRoom)));
    }

    @Test
    void patchesOnlyTheFieldsGiven() {
        String id = registerFacility(10);
        report(id, "{\"free\": 8}").statusCode(200);

        asAdmin().contentType(ContentType.JSON)
                .body("""
                        {"name": "Espace de repos Riquet", "openingHours": [], "eligibility":
                         {"genders": ["WOMAN", "MAN", "NON_BINARY"], "couples": true, "pets": false, "activeUse": true,
                          "wheelchair": true}}
                        """)
                .patch("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo("Espace de repos Riquet"))
                .body("kind", equalTo("REST_ROOM"))
                .body("address", equalTo("12 rue Marcadet, 75018 Paris"))
                .body("openingHours.size()", equalTo(0))
                .body("eligibility.genders", contains("WOMAN", "MAN", "NON_BINARY"))
                .body("eligibility.couples", equalTo(true))
                .body("availability.free", equalTo(8))
                .body("availability.version", equalTo(3));
        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("name", equalTo("Espace de repos Riquet"))
                .body("openingHours.size()", equalTo(0))
                .body("eligibility.genders", contains("WOMAN", "MAN", "NON_BINARY"))
                .body("eligibility.wheelchair", equalTo(true));

        // A smaller total keeps the free count within it.
        asAdmin().contentType(ContentType.JSON).body("{\"totalPlaces\": 6}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("totalPlaces", equalTo(6))
                .body("availability.total", equalTo(6))
                .body("availability.free", equalTo(6))
                .body("availability.version", equalTo(4))
                .body("name", equalTo("Espace de repos Riquet"));

        // Nothing new: not a change, the version stays.
        asAdmin().contentType(ContentType.JSON).body("{\"totalPlaces\": 6, \"kind\": \"REST_ROOM\"}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("availability.version", equalTo(4));
    }

    @Test
    void refusesAPatchThatNamesTheIdOrBreaksARule() {
        String id = registerFacility(10);
        asAdmin().contentType(ContentType.JSON).body("{\"id\": \"other-id\"}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
        asAdmin().contentType(ContentType.JSON).body("{\"arrondissement\": \"7501\", \"totalPlaces\": -1}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("arrondissement", "totalPlaces"));
        asAdmin().contentType(ContentType.JSON).body("{\"reportingInterval\": \"PT1M\"}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("reportingInterval"));
        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("arrondissement", matchesPattern("9\\d{4}"))
                .body("availability.version", equalTo(1));
    }

    @Test
    void unknownFacilitiesAreNotFound() {
        String id = newFacilityId();
        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        asAdmin().contentType(ContentType.JSON).body("{\"name\": \"x\"}")
                .patch("/api/facilities/{id}", id)
                .then().statusCode(404).contentType("application/problem+json");
        report(id, "{\"free\": 1}").statusCode(404).contentType("application/problem+json");
        asCoordinator().get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(404).contentType("application/problem+json");
    }
}
