package org.relais.capacity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.asOperator;
import static org.relais.capacity.support.Fixtures.facilityJson;
import static org.relais.capacity.support.Fixtures.newArrondissement;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;

/**
 * The problem+json mappers of the common module, seen from outside: every refusal is an RFC 9457 body
 * with the right status, names the offending field, and carries no stack trace or input value.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ProblemResponsesIT {

    @Test
    void unknownFieldIsABadRequest() {
        String id = registerFacility(5);
        problem(put(id, "{\"free\": 1, \"colour\": \"red\"}"), 400)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].message", equalTo("unknown field"))
                .body(not(containsString("red")));
    }

    @Test
    void stringForNumberIsABadRequest() {
        String id = registerFacility(5);
        problem(put(id, "{\"free\": \"1\"}"), 400)
                .body("errors[0].field", equalTo("free"))
                .body("errors[0].message", containsString("wrong type"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        String id = registerFacility(5);
        problem(put(id, "{\"free\": 1"), 400).body("detail", equalTo("Malformed JSON."));
        problem(put(id, "{\"free\": 1} trailing"), 400);
        problem(put(id, ""), 400);
    }

    @Test
    void missingRequiredFieldIsABadRequest() {
        String body = facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 5).replace("\"name\": ", "\"nickname\": ");
        problem(asAdmin().contentType(ContentType.JSON).body(body).post("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("nickname"));
        String withoutName = facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 5)
                .replaceAll("\"name\": \"[^\"]*\", ", "");
        problem(asAdmin().contentType(ContentType.JSON).body(withoutName).post("/api/facilities").then(), 400)
                .body("errors.field", org.hamcrest.Matchers.contains("name"))
                .body("errors[0].message", notNullValue());
    }

    @Test
    void wrongEnumValuesAndNestedErrorsNameTheirField() {
        String body = facilityJson(newFacilityId(), newArrondissement(), "HOTEL", 5);
        problem(asAdmin().contentType(ContentType.JSON).body(body).post("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("kind"));
        String badSpan = facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 5).replace("\"22:00\"", "\"25:00\"");
        problem(asAdmin().contentType(ContentType.JSON).body(badSpan).post("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("openingHours[0].opens"));
        String noGenders = facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 5)
                .replace("[\"WOMAN\", \"NON_BINARY\"]", "[]");
        problem(asAdmin().contentType(ContentType.JSON).body(noGenders).post("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("eligibility.genders"));
        String petsUnsaid = facilityJson(newFacilityId(), newArrondissement(), "REST_ROOM", 5).replace("\"pets\": true,", "");
        problem(asAdmin().contentType(ContentType.JSON).body(petsUnsaid).post("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("eligibility.pets"));
    }

    @Test
    void otherRefusalsAreProblemsToo() {
        problem(asCoordinator().queryParam("kind", "HOTEL").get("/api/facilities").then(), 400);
        problem(asCoordinator().queryParam("arrondissement", "750").get("/api/facilities").then(), 400)
                .body("errors[0].field", equalTo("arrondissement"));
        problem(asCoordinator().get("/api/no-such-thing").then(), 404);
        String id = registerFacility(5);
        problem(asOperator(id).contentType(ContentType.TEXT).body("free=1").put("/api/facilities/{id}/availability", id).then(),
                415);
        problem(asAdmin().contentType(ContentType.JSON).body("{\"free\": 1}").delete("/api/facilities/{id}", id).then(), 405);
    }

    private static ValidatableResponse put(String id, String body) {
        return asOperator(id).contentType(ContentType.JSON).body(body).put("/api/facilities/{id}/availability", id).then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("type", equalTo("about:blank"))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }
}
