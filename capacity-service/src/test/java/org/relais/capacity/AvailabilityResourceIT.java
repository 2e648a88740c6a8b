package org.relais.capacity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;

@QuarkusTest
@WithTestResource(TestTokenResource.class)
class AvailabilityResourceIT {

    @Test
    void acceptsAReportAndKeepsItsHistory() {
        String id = registerFacility(20);
        Instant asOf = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

        report(id, "{\"free\": 7, \"asOf\": \"%s\"}".formatted(asOf))
                .statusCode(200)
                .body("facilityId", equalTo(id))
                .body("free", equalTo(7))
                .body("total", equalTo(20))
                .body("updatedAt", equalTo(asOf.toString()))
                .body("version", equalTo(2));
        report(id, "{\"free\": 30, \"total\": 32}")
                .statusCode(200)
                .body("free", equalTo(30))
                .body("total", equalTo(32))
                .body("version", equalTo(3));

        asCoordinator().get("/api/facilities/{id}", id)
                .then().statusCode(200)
                .body("totalPlaces", equalTo(32))
                .body("availability.free", equalTo(30))
                .body("stale", equalTo(false));
        asCoordinator().get("/api/facilities/{id}/availability", id)
                .then().statusCode(200)
                .body("free", equalTo(30))
                .body("version", equalTo(3));
        asCoordinator().get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(200)
                .body("version", contains(3, 2, 1))
                .body("free", contains(30, 7, 0))
                .body("total", contains(32, 20, 20))
                .body("[1].updatedAt", equalTo(asOf.toString()))
                .body("[2].updatedAt", nullValue())
                .body("[0].cause", nullValue());
        asCoordinator().queryParam("limit", 1).get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(200)
                .body("version", contains(3));
    }

    @Test
    void refusesAnOutOfDateReportAndChangesNothing() {
        String id = registerFacility(10);
        Instant latest = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        report(id, "{\"free\": 4, \"asOf\": \"%s\"}".formatted(latest)).statusCode(200).body("version", equalTo(2));

        report(id, "{\"free\": 9, \"asOf\": \"%s\"}".formatted(latest.minusMillis(1)))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"));

        asCoordinator().get("/api/facilities/{id}/availability", id)
                .then().statusCode(200)
                .body("free", equalTo(4))
                .body("updatedAt", equalTo(latest.toString()))
                .body("version", equalTo(2));
        asCoordinator().get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(200)
                .body("version", contains(2, 1));
    }

    @Test
    void aRepeatedReportIsNotANewChange() {
        String id = registerFacility(10);
        String body = "{\"free\": 3, \"asOf\": \"%s\"}".formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        report(id, body).statusCode(200).body("version", equalTo(2));
        report(id, body).statusCode(200).body("version", equalTo(2));
        asCoordinator().get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(200)
                .body("version", contains(2, 1));
    }

    @Test
    void refusesInvalidCounts() {
        String id = registerFacility(10);
        report(id, "{\"free\": -1}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("free"));
        report(id, "{\"free\": 11}")
                .statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422));
        report(id, "{\"free\": 5, \"total\": 4}").statusCode(422);
        report(id, "{\"free\": 5, \"total\": -4}").statusCode(400).body("errors[0].field", equalTo("total"));
        report(id, "{\"free\": \"5\"}").statusCode(400).body("errors[0].field", equalTo("free"));
        report(id, "{\"free\": 2.5}").statusCode(400).body("errors[0].field", equalTo("free"));
        report(id, "{\"free\": 5, \"asOf\": \"yesterday\"}").statusCode(400).body("errors[0].field", equalTo("asOf"));
        report(id, "{\"free\": 5, \"asOf\": \"%s\"}".formatted(Instant.now().plus(1, ChronoUnit.HOURS)))
                .statusCode(422).contentType("application/problem+json");
        report(id, "{\"free\": 5,").statusCode(400).contentType("application/problem+json");
        report(id, "{}").statusCode(400).body("errors[0].field", equalTo("free"));

        asCoordinator().get("/api/facilities/{id}/availability", id)
                .then().statusCode(200)
                .body("free", equalTo(0))
                .body("total", equalTo(10))
                .body("version", equalTo(1));
    }

    @Test
    void historyLimitMustBeSensible() {
        String id = registerFacility(3);
        asCoordinator().queryParam("limit", 0).get("/api/facilities/{id}/availability/history", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }
}
