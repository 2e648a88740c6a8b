package org.relais.capacity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.relais.capacity.support.Fixtures.as;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.facilityJson;
import static org.relais.capacity.support.Fixtures.newArrondissement;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/** Every write leaves one audit line (who, what, before/after); coordinators read them; nobody rewrites them. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class AuditTrailIT {

    @Inject
    Pool pool;

    @Test
    void eachWriteAppearsWithWhoDidItAndTheStateBeforeAndAfter() {
        String admin = "admin-" + UUID.randomUUID();
        String operator = "operator-" + UUID.randomUUID();
        String id = newFacilityId();
        String adminToken = TestTokens.token("admin").subject(admin).sign();

        as(adminToken).contentType(ContentType.JSON).body(facilityJson(id, newArrondissement(), "REST_ROOM", 10))
                .post("/api/facilities").then().statusCode(201);
        as(TestTokens.token("operator").subject(operator).facilities(id).sign())
                .contentType(ContentType.JSON).body("{\"free\": 4}")
                .put("/api/facilities/{id}/availability", id).then().statusCode(200);
        as(adminToken).contentType(ContentType.JSON).body("{\"name\": \"Halte renommée\"}")
                .patch("/api/facilities/{id}", id).then().statusCode(200);

        JsonPath entries = asCoordinator().queryParam("facilityId", id).get("/api/audit")
                .then().statusCode(200)
                .body("action", contains("FACILITY_UPDATED", "AVAILABILITY_REPORTED", "FACILITY_REGISTERED"))
                .body("subject", contains(admin, operator, admin))
                .body("role", contains("admin", "operator", "admin"))
                .body("targetType", contains("facility", "availability", "facility"))
                .body("targetId", everyItem(equalTo(id)))
                .body("facilityId", everyItem(equalTo(id)))
                .body("[2].before", nullValue())
                .body("[2].after.id", equalTo(id))
                .body("[2].after.availability.version", equalTo(1))
                .body("[1].before.free", equalTo(0))
                .body("[1].before.version", equalTo(1))
                .body("[1].after.free", equalTo(4))
                .body("[1].after.version", equalTo(2))
                .body("[0].before.name", equalTo("Halte test " + id))
                .body("[0].after.name", equalTo("Halte renommée"))
                .extract().jsonPath();

        asCoordinator().queryParam("facilityId", id).queryParam("limit", 1).get("/api/audit")
                .then().statusCode(200).body("action", contains("FACILITY_UPDATED"));
        String reportedAt = entries.getString("[1].at");
        asCoordinator().queryParam("facilityId", id).queryParam("from", reportedAt).get("/api/audit")
                .then().statusCode(200).body("action", contains("FACILITY_UPDATED", "AVAILABILITY_REPORTED"));
        asCoordinator().queryParam("facilityId", id).queryParam("to", reportedAt).get("/api/audit")
                .then().statusCode(200).body("action", contains("FACILITY_REGISTERED"));
    }

    @Test
    void badQueriesAreProblems() {
        for (String[] query : new String[][] {{"limit", "0"}, {"limit", "1001"}, {"limit", "ten"}, {"from", "yesterday"},
                {"to", "2026-13-01T00:00:00Z"}}) {
            asCoordinator().queryParam(query[0], query[1]).get("/api/audit")
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        asCoordinator().queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/audit").then().statusCode(400).contentType("application/problem+json");
        asCoordinator().queryParam("limit", 1000).get("/api/audit").then().statusCode(200);
    }

    @Test
    void theTrailRefusesUpdatesAndDeletes() {
        String id = registerFacility(3);
        report(id, "{\"free\": 1}").statusCode(200);

        assertThrows(Exception.class, () -> pool.preparedQuery("UPDATE audit_entry SET role = 'coordinator' WHERE facility_id = $1")
                .execute(Tuple.of(id)).await().indefinitely());
        assertThrows(Exception.class, () -> pool.preparedQuery("DELETE FROM audit_entry WHERE facility_id = $1")
                .execute(Tuple.of(id)).await().indefinitely());

        asCoordinator().queryParam("facilityId", id).get("/api/audit")
                .then().statusCode(200)
                .body("action", contains("AVAILABILITY_REPORTED", "FACILITY_REGISTERED"))
                .body("role", contains("operator", "admin"));
    }
}
