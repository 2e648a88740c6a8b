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
import io.restassured.specification.RequestSpecification;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;

/** The gateway forwards to real HTTP peers (small servers on random ports) and changes nothing on the way. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class ReverseProxyIT {

    @FakeUpstreams.Inject
    FakeUpstreams upstreams;

    @TestHTTPResource("/")
    URL gateway;

    @ParameterizedTest
    @CsvSource({
            "GET, /api/facilities, capacity, patrol",
            "GET, /api/facilities/shelter-a/availability/history?limit=5, capacity, operator",
            "PATCH, /api/facilities/shelter-a, capacity, admin",
            "GET, /api/patrols, patrol, coordinator",
            "GET, /api/patrols/maraude-18-a/referrals, patrol, patrol",
            "POST, /api/referrals, patrol, patrol",
            "GET, /api/referrals/r-1, patrol, coordinator",
            "POST, /api/referrals/r-1/cancel, patrol, patrol",
            "POST, /api/referrals/r-1/arrival, referral, operator",
            "POST, /api/referrals/r-1/decline, referral, operator",
            "GET, /api/holds?facilityId=shelter-a, referral, operator",
            "GET, /api/indicators?from=2026-11-24, referral, coordinator"})
    void eachRouteReachesItsOwner(String method, String uri, String upstream, String role) {
        as(role).contentType("application/json").body(method.equals("GET") ? "" : "{}")
                .when().request(method, uri)
                .then().statusCode(200)
                .header("X-Upstream", upstream)
                .body("upstream", equalTo(upstream))
                .body("method", equalTo(method))
                .body("uri", equalTo(uri));
    }

    /**
     * The router matches the normalized path, so the guard checks and the proxy forwards that one: "/G/../F" is F's
     * path (sent raw, as a hostile client would; RestAssured would normalize it first).
     */
    @Test
    void dotSegmentsAreCheckedAndForwardedNormalized() throws Exception {
        URI raw = URI.create(gateway.toString().replaceAll("/$", "") + "/api/facilities/shelter-b/../shelter-a/availability");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> foreign = client.send(put(raw, TestTokens.operator("shelter-b")), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode(), foreign.body());
        HttpResponse<String> own = client.send(put(raw, TestTokens.operator("shelter-a")), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("/api/facilities/shelter-a/availability", new JsonPath(own.body()).getString("uri"));
    }

    private static HttpRequest put(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", TestTokens.bearer(token))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void requestHeadersAndBodyPassThrough() {
        String body = "{\"free\": 3, \"asOf\": \"2026-11-25T21:00:00Z\"}";
        String token = TestTokens.operator("shelter-a");
        given().contentType("application/json")
                .header("Authorization", TestTokens.bearer(token))
                .header("Idempotency-Key", "key-1")
                .header("Accept", "application/json")
                .header("Cookie", "session=secret")
                .body(body)
                .when().put("/api/facilities/shelter-a/availability")
                .then().statusCode(200)
                .contentType("application/json")
                .body("body", equalTo(body))
                .body("headers.authorization", equalTo(TestTokens.bearer(token)))
                .body("headers.idempotency-key", equalTo("key-1"))
                .body("headers.accept", equalTo("application/json"))
                .body("headers.content-type", startsWith("application/json"))
                .body("headers", not(hasKey("cookie")));
    }

    @Test
    void largeBodiesStreamThroughIntact() {
        // Just under the 64K body limit (quarkus.http.limits.max-body-size): many chunks, still one body.
        String big = "{\"note\":\"" + "x".repeat(60_000) + "\"}";
        String echoed = as("patrol").contentType("application/json").body(big)
                .when().post("/api/referrals")
                .then().statusCode(200)
                .extract().jsonPath().getString("body");
        assertEquals(big, echoed);
    }

    @Test
    void createdKeepsItsStatusAndLocationPointsAtTheGateway() {
        as("admin").contentType("application/json").body("{\"name\":\"Abri\"}")
                .when().post("/api/facilities")
                .then().statusCode(201)
                .header("Location", equalTo(gateway.toString().replaceAll("/$", "") + "/api/facilities/new-facility"));
    }

    @Test
    void problemAnswersPassThroughUnchanged() {
        as("admin").contentType("application/json").body("{\"free\":1}")
                .when().put("/api/facilities/shelter-a/conflict")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("asOf is older than the stored report."));
    }

    @Test
    void upstreamRetryAfterAndEmptyAnswersPassThrough() {
        as("coordinator").when().get("/api/referrals/busy")
                .then().statusCode(503)
                .header("Retry-After", "7")
                .contentType("application/problem+json");
        as("admin").when().delete("/api/facilities/shelter-a/empty")
                .then().statusCode(204)
                .header("Transfer-Encoding", nullValue());
    }

    @Test
    void unreachableServiceGives503Problem() {
        upstreams.stop("referral");
        try {
            as("operator").contentType("application/json").body("{}")
                    .when().post("/api/referrals/r-1/arrival")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503))
                    .body("detail", equalTo("referral-service is unavailable, try again shortly."));
        } finally {
            upstreams.restart("referral");
        }
        as("operator").contentType("application/json").body("{}")
                .when().post("/api/referrals/r-1/arrival")
                .then().statusCode(200);
    }

    @Test
    void serviceNotAnsweringInTimeGives504Problem() {
        as("patrol").when().get("/api/facilities/slow")
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

    /** A request with a token of this role (the patrol is maraude-18-a, the operator runs shelter-a). */
    static RequestSpecification as(String role) {
        String token = switch (role) {
            case "patrol" -> TestTokens.patrol("maraude-18-a");
            case "operator" -> TestTokens.operator("shelter-a");
            case "coordinator" -> TestTokens.coordinator();
            default -> TestTokens.admin();
        };
        return given().header("Authorization", TestTokens.bearer(token));
    }
}
