package org.relais.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.gateway.support.BoardTest;
import org.relais.gateway.support.FacilityEvents;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.Scrape;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/**
 * The gateway's metrics, for an admin token only: the live stream's readers and the events fanned out to them, the
 * records its board applied, and request latency per route template, forwarded routes included (never an id).
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class MetricsIT extends BoardTest {

    @TestHTTPResource("/api/capacity/stream")
    URI stream;

    @Test
    void anAdminReadsTheStreamReaders() {
        given().header("Authorization", TestTokens.bearer(TestTokens.admin())).get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("relais_capacity_stream_readers"));
    }

    @Test
    void eventsFannedOutAndAppliedAreCounted() {
        Scrape before = Scrape.now();
        double sent = before.sum("relais_capacity_stream_events_total");
        double applied = before.sum("relais_live_events_applied_total");
        String arrondissement = FacilityEvents.newArrondissement();
        String id = FacilityEvents.newId();
        Facility facility = FacilityEvents.facility(id, arrondissement, FacilityKind.EMERGENCY_SHELTER);
        try (SseClient sse = SseClient.open(URI.create(stream + "?arrondissement=" + arrondissement))) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            events.state(facility, 4, 10, Instant.now(), 1);
            await().until(() -> !sse.events("facility").isEmpty());
            await().untilAsserted(() -> {
                Scrape after = Scrape.now();
                // The snapshot and the change, at least (other tests' readers may add theirs).
                assertTrue(after.sum("relais_capacity_stream_events_total") >= sent + 2,
                        "events fanned out: " + after.sum("relais_capacity_stream_events_total"));
                assertTrue(after.sum("relais_live_events_applied_total") >= applied + 1);
                assertTrue(after.sum("relais_capacity_stream_readers") >= 1);
            });
        }
        // A stream's request is timed when it ends.
        await().untilAsserted(() -> assertTrue(Scrape.now().has("http_server_requests_seconds_count",
                "uri=\"/api/capacity/stream\"")));
    }

    @Test
    void forwardedRoutesAreTaggedWithTheirTemplateNeverAnId() {
        String id = FacilityEvents.newId();
        given().header("Authorization", TestTokens.bearer(TestTokens.operator(id))).contentType(ContentType.JSON)
                .body("{\"free\": 1}").put("/api/facilities/{id}/availability", id).then().statusCode(200);
        given().header("Authorization", TestTokens.bearer(TestTokens.coordinator())).get("/api/facilities/{id}", id)
                .then().statusCode(200);
        await().untilAsserted(() -> {
            Scrape metrics = Scrape.now();
            assertTrue(metrics.has("http_server_requests_seconds_bucket",
                    "uri=\"/api/facilities/{id}/availability\"", "method=\"PUT\"", "le=\"+Inf\""));
            assertTrue(metrics.has("http_server_requests_seconds_count", "uri=\"/api/facilities/{id}\"",
                    "method=\"GET\""));
            assertFalse(metrics.text().contains(id), "a facility id became a series");
        });
    }

    @Test
    void nobodyElseReadsThem() {
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(TestTokens.patrol("maraude-18-a"))).get("/q/metrics").then()
                .statusCode(403);
    }
}
