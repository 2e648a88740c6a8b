package org.relais.capacity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relais.capacity.support.Fixtures.as;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.asOperator;
import static org.relais.capacity.support.Fixtures.newFacilityId;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.TopicReader;

/**
 * "Unchanged, still accurate": a confirmation (or a report of the same count) makes a stale count fresh without
 * changing it, is audited and published; it neither makes an earlier-counted report look late nor passes for a count.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class ConfirmAvailabilityIT {

    @Inject
    EventJson json;

    @Test
    void aConfirmationRefreshesAStaleCountWithoutChangingIt() {
        try (TopicReader topic = TopicReader.fromEnd(Topics.FACILITY_STATE)) {
            String id = registerFacility(10);
            Instant counted = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
            report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(counted)).statusCode(200).body("version", equalTo(2));
            asCoordinator().get("/api/facilities/{id}", id).then().body("stale", equalTo(true));

            Instant before = Instant.now();
            String updatedAt = asOperator(id).contentType(ContentType.JSON).body("{\"free\": 4}")
                    .post("/api/facilities/{id}/availability/confirm", id)
                    .then().statusCode(200)
                    .body("free", equalTo(4))
                    .body("total", equalTo(10))
                    .body("version", equalTo(3))
                    .extract().path("updatedAt");
            assertTrue(!Instant.parse(updatedAt).isBefore(before.truncatedTo(ChronoUnit.MICROS)), updatedAt);

            asCoordinator().get("/api/facilities/{id}", id).then().statusCode(200)
                    .body("stale", equalTo(false))
                    .body("availability.free", equalTo(4))
                    .body("availability.updatedAt", equalTo(updatedAt));
            // Not a change of the count: its history is unchanged.
            asCoordinator().get("/api/facilities/{id}/availability/history", id).then().statusCode(200)
                    .body("version", contains(2, 1));

            List<ConsumerRecord<String, String>> records = topic.awaitRecords(id, r -> r.size() >= 3);
            FacilityStateEvent confirmed = json.read(records.get(2).value(), FacilityStateEvent.class);
            assertEquals(FacilityStateEvent.Type.AVAILABILITY_CONFIRMED, confirmed.type());
            assertEquals(4, confirmed.availability().free());
            assertEquals(3, confirmed.availability().version());
            assertEquals(Instant.parse(updatedAt), confirmed.availability().updatedAt());
            // The moment of the latest count stays the report's: a confirmation counts nobody who arrived meanwhile.
            assertEquals(counted, confirmed.availability().countedAt());
        }
    }

    @Test
    void aConfirmationIsAuditedWithTheCountBeforeAndAfter() {
        String id = registerFacility(10);
        report(id, "{\"free\": 6}").statusCode(200);
        as(TestTokens.token("operator").subject("operator-confirm").facilities(id).sign())
                .post("/api/facilities/{id}/availability/confirm", id).then().statusCode(200);
        asAdmin().post("/api/facilities/{id}/availability/confirm", id).then().statusCode(200).body("version", equalTo(4));

        asCoordinator().queryParam("facilityId", id).get("/api/audit").then().statusCode(200)
                .body("action", contains("AVAILABILITY_CONFIRMED", "AVAILABILITY_CONFIRMED", "AVAILABILITY_REPORTED",
                        "FACILITY_REGISTERED"))
                .body("role", contains("admin", "operator", "operator", "admin"))
                .body("[1].subject", equalTo("operator-confirm"))
                .body("[1].before.free", equalTo(6))
                .body("[1].before.version", equalTo(2))
                .body("[1].after.free", equalTo(6))
                .body("[1].after.version", equalTo(3));
    }

    /**
     * A report counted before a confirmation but delivered after it (a phone's offline queue) is still applied: the
     * confirmation changed nothing it could undo. A report of a moment before the latest real change still gets 409.
     */
    @Test
    void aConfirmationNeverMakesAnEarlierCountedReportLookLate() {
        String id = registerFacility(10);
        Instant first = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        report(id, "{\"free\": 5, \"asOf\": \"%s\"}".formatted(first)).statusCode(200);
        asOperator(id).post("/api/facilities/{id}/availability/confirm", id).then().statusCode(200);

        Instant queued = first.plus(10, ChronoUnit.MINUTES);
        report(id, "{\"free\": 3, \"asOf\": \"%s\"}".formatted(queued)).statusCode(200)
                .body("free", equalTo(3))
                .body("updatedAt", equalTo(queued.toString()))
                .body("version", equalTo(4));
        report(id, "{\"free\": 8, \"asOf\": \"%s\"}".formatted(queued.minusSeconds(60))).statusCode(409);
    }

    /** The same report again (same count, same moment) is a replay: nothing moves. The same count now refreshes. */
    @Test
    void theSameCountReportedAgainRefreshesTheCount() {
        String id = registerFacility(10);
        Instant counted = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        String stale = "{\"free\": 4, \"asOf\": \"%s\"}".formatted(counted);
        report(id, stale).statusCode(200).body("version", equalTo(2));
        report(id, stale).statusCode(200).body("version", equalTo(2));
        asCoordinator().get("/api/facilities/{id}", id).then().body("stale", equalTo(true));

        report(id, "{\"free\": 4}").statusCode(200).body("free", equalTo(4)).body("version", equalTo(3));
        asCoordinator().get("/api/facilities/{id}", id).then().body("stale", equalTo(false));
        asCoordinator().queryParam("facilityId", id).get("/api/audit").then()
                .body("action", contains("AVAILABILITY_REPORTED", "AVAILABILITY_REPORTED", "AVAILABILITY_REPORTED",
                        "FACILITY_REGISTERED"));
    }

    @Test
    void aConfirmationOfACountNotShownOrNeverReportedIsRefused() {
        String id = registerFacility(10);
        asOperator(id).post("/api/facilities/{id}/availability/confirm", id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("report"));
        report(id, "{\"free\": 4}").statusCode(200).body("version", equalTo(2));

        asOperator(id).contentType(ContentType.JSON).body("{\"free\": 5}")
                .post("/api/facilities/{id}/availability/confirm", id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("now 4"));
        asOperator(id).contentType(ContentType.JSON).body("{\"free\": -1}")
                .post("/api/facilities/{id}/availability/confirm", id).then().statusCode(400);
        asOperator(id).contentType(ContentType.JSON).body("{\"free\": 4, \"note\": \"x\"}")
                .post("/api/facilities/{id}/availability/confirm", id).then().statusCode(400);
        asCoordinator().get("/api/facilities/{id}/availability", id).then().body("version", equalTo(2));
    }

    @Test
    void onlyTheFacilitysOperatorsAndAdminsConfirm() {
        String id = registerFacility(10);
        report(id, "{\"free\": 4}").statusCode(200);
        asOperator("another-facility").post("/api/facilities/{id}/availability/confirm", id).then().statusCode(403);
        asCoordinator().post("/api/facilities/{id}/availability/confirm", id).then().statusCode(403);
        as(TestTokens.patrol("maraude-18-a")).post("/api/facilities/{id}/availability/confirm", id).then().statusCode(403);
        io.restassured.RestAssured.given().post("/api/facilities/{id}/availability/confirm", id).then().statusCode(401);
        asAdmin().post("/api/facilities/{id}/availability/confirm", "no-such-" + newFacilityId().substring(5))
                .then().statusCode(404);
        asCoordinator().get("/api/facilities/{id}/availability", id).then().body("version", equalTo(2));
    }
}
