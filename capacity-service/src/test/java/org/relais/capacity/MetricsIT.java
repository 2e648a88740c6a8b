package org.relais.capacity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.relais.capacity.support.Fixtures.asAdmin;
import static org.relais.capacity.support.Fixtures.asCoordinator;
import static org.relais.capacity.support.Fixtures.registerFacility;
import static org.relais.capacity.support.Fixtures.report;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;

/**
 * The service's own view, for the bench and for operations: request latency per route template and the outbox
 * relay's lag, in Prometheus format, read with an admin token only.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class MetricsIT {

    @Test
    void anAdminReadsRequestLatencyPerRouteAndTheRelayLag() {
        String id = registerFacility(6);
        report(id, "{\"free\": 2}").statusCode(200);

        await().untilAsserted(() -> asAdmin().get("/q/metrics").then().statusCode(200)
                .body(containsString("relais_outbox_relay_lag_seconds_count"))
                .body(containsString("uri=\"/api/facilities/{id}/availability\""))
                // A facility id is never a series of its own.
                .body(org.hamcrest.Matchers.not(containsString(id))));
    }

    @Test
    void nobodyElseReadsThem() {
        given().get("/q/metrics").then().statusCode(401);
        asCoordinator().get("/q/metrics").then().statusCode(403);
    }
}
