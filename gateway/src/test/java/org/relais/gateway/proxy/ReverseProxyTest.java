package org.relais.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;

/** The gateway forwards to real HTTP peers (small servers on random ports) and changes nothing on the way. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class ReverseProxyTest {

    @FakeUpstreams.Inject
    FakeUpstreams upstreams;

    @TestHTTPResource("/")
    URL gateway;

    @ParameterizedTest
    @CsvSource({
            "GET, /api/facilities, capacity",
            "GET, /api/facilities/shelter-a/availability/history?limit=5, capacity",
            "PATCH, /api/facilities/shelter-a, capacity",
            "GET, /api/patrols, patrol",
            "GET, /api/patrols/maraude-18-a/referrals, patrol",
            "POST, /api/referrals, patrol",
            "GET, /api/referrals/r-1, patrol",
            "POST, /api/referrals/r-1/cancel, patrol",
            "POST, /api/referrals/r-1/arrival, referral",
            "POST, /api/referrals/r-1/decline, referral",
            "GET, /api/holds?facilityId=shelter-a, referral",
            "GET, /api/indicators?from=2026-11-24, referral"})
    void eachRouteReachesItsOwner(String method, String uri, String upstream) {
        given().contentType("application/json").body(method.equals("GET") ? "" : "{}")
                .when().request(method, uri)
                .then().statusCode(200)
                .header("X-Upstream", upstream)
                .body("upstream", equalTo(upstream))
                .body("method", equalTo(method))
                .body("uri", equalTo(uri));
    }

    @Test
    void requestHeadersAndBodyPassThrough() {
        String body = "{\"free\": 3, \"asOf\": \"2026-11-25T21:00:00Z\"}";
        given().contentType("application/json")
                .header("Authorization", "Bearer abc.def.ghi")
                .header("Idempotency-Key", "key-1")
                .header("Accept", "application/json")
                .header("Cookie", "session=secret")
                .body(body)
                .when().put("/api/facilities/shelter-a/availability")
                .then().statusCode(200)
                .contentType("application/json")
                .body("body", equalTo(body))
                .body("headers.authorization", equalTo("Bearer abc.def.ghi"))
                .body("headers.idempotency-key", equalTo("key-1"))
                .body("headers.accept", equalTo("application/json"))
                .body("headers.content-type", startsWith("application/json"))
                .body("headers", not(hasKey("cookie")));
    }

    @Test
    void largeBodiesStreamThroughIntact() {
        String big = "{\"note\":\"" + "x".repeat(2_000_000) + "\"}";
        String echoed = given().contentType("application/json").body(big)
                .when().post("/api/referrals")
                .then().statusCode(200)
                .extract().jsonPath().getString("body");
        assertEquals(big, echoed);
    }

    @Test
    void createdKeepsItsStatusAndLocationPointsAtTheGateway() {
        given().contentType("application/json").body("{\"name\":\"Abri\"}")
                .when().post("/api/facilities")
                .then().statusCode(201)
                .header("Location", equalTo(gateway.toString().replaceAll("/$", "") + "/api/facilities/new-facility"));
    }

    @Test
    void problemAnswersPassThroughUnchanged() {
        given().contentType("application/json").body("{\"free\":1}")
                .when().put("/api/facilities/shelter-a/conflict")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("asOf is older than the stored report."));
    }

    @Test
    void upstreamRetryAfterAndEmptyAnswersPassThrough() {
        given().when().get("/api/referrals/busy")
                .then().statusCode(503)
                .header("Retry-After", "7")
                .contentType("application/problem+json");
        given().when().delete("/api/facilities/shelter-a/empty")
                .then().statusCode(204)
                .header("Transfer-Encoding", nullValue());
    }

    @Test
    void unreachableServiceGives503Problem() {
        upstreams.stop("referral");
        try {
            given().contentType("application/json").body("{}")
                    .when().post("/api/referrals/r-1/arrival")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503))
                    .body("detail", equalTo("referral-service is unavailable, try again shortly."));
        } finally {
            upstreams.restart("referral");
        }
        given().contentType("application/json").body("{}")
                .when().post("/api/referrals/r-1/arrival")
                .then().statusCode(200);
    }

    @Test
    void serviceNotAnsweringInTimeGives504Problem() {
        given().when().get("/api/facilities/slow")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("status", equalTo(504))
                .body("detail", equalTo("capacity-service did not answer in time."));
    }

    @Test
    void patrolEventStreamIsStreamedNotBufferedAndClosedWithTheCaller() {
        int closedBefore = upstreams.closedStreams();
        URI uri = URI.create(gateway.toString().replaceAll("/$", "") + "/api/patrols/maraude-19-a/referrals/stream");
        try (SseClient sse = SseClient.open(uri)) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
            // The upstream never ends this response: events can only arrive if they are passed on as they come.
            await().until(() -> sse.events("referral").size() >= 3);
            assertEquals(1, sse.events("referral").get(0).json().getInteger("n"));
        }
        await().until(() -> upstreams.closedStreams() > closedBefore);
    }
}
