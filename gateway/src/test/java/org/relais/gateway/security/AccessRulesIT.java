package org.relais.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.http.HttpClientOptions;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relais.gateway.support.FakeUpstreams;
import org.relais.gateway.support.SseClient;
import org.relais.testing.Scrape;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.gateway.support.Board;

/**
 * Role x gateway endpoint -> status. Forwarded routes reach fake services that answer 200 (201 for a new
 * facility), so 200 means "the gateway let it through" and 401/403 means the gateway refused it itself.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(TestTokenResource.class)
class AccessRulesIT {

    /** The board answers 503 until this application's replay of the facility topics is done. */
    @BeforeEach
    void boardReplayed() {
        Board.awaitReady();
    }

    private static final String PATROL = "maraude-18-a";
    private static final String FACILITY = "shelter-a";

    @FakeUpstreams.Inject
    FakeUpstreams upstreams;

    @TestHTTPResource("/")
    URL gateway;

    @ParameterizedTest(name = "{2} {0} {1} -> {3}")
    @CsvSource({
            // the gateway's own endpoints
            "GET, /api/capacity, none, 401",
            "GET, /api/capacity, expired, 401",
            "GET, /api/capacity, stranger, 401",
            "GET, /api/capacity, garbage, 401",
            "GET, /api/capacity, patrol, 200",
            "GET, /api/capacity, operator, 200",
            "GET, /api/capacity, coordinator, 200",
            "GET, /api/capacity, admin, 200",
            "GET, /api/capacity/stream, none, 401",
            "GET, /api/capacity/stream, expired, 401",
            "GET, /api/capacity/stream, stranger, 401",
            "GET, /api/capacity/stream, patrol, 200",
            "GET, /api/capacity/stream, operator, 200",
            "GET, /api/capacity/stream, admin, 200",
            "GET, /api/audit, none, 401",
            "GET, /api/audit, patrol, 403",
            "GET, /api/audit, operator, 403",
            "GET, /api/audit, admin, 403",
            "GET, /api/audit, coordinator, 200",
            // forwarded
            "GET, /api/facilities, none, 401",
            "GET, /api/facilities, expired, 401",
            "GET, /api/facilities, stranger, 401",
            "GET, /api/facilities, patrol, 200",
            "GET, /api/facilities/shelter-a, operator, 200",
            "GET, /api/facilities/shelter-a/availability/history, coordinator, 200",
            "POST, /api/facilities, admin, 201",
            "POST, /api/facilities, operator, 403",
            "POST, /api/facilities, coordinator, 403",
            "PATCH, /api/facilities/shelter-a, admin, 200",
            "PATCH, /api/facilities/shelter-a, operator, 403",
            "PUT, /api/facilities/shelter-a/availability, none, 401",
            "PUT, /api/facilities/shelter-a/availability, operator, 200",
            "PUT, /api/facilities/shelter-a/availability, foreign-operator, 403",
            "PUT, /api/facilities/shelter-a/availability, patrol, 403",
            "PUT, /api/facilities/shelter-a/availability, coordinator, 403",
            "PUT, /api/facilities/shelter-a/availability, admin, 403",
            "POST, /api/facilities/shelter-a/availability/confirm, none, 401",
            "POST, /api/facilities/shelter-a/availability/confirm, operator, 200",
            "POST, /api/facilities/shelter-a/availability/confirm, admin, 200",
            "POST, /api/facilities/shelter-a/availability/confirm, foreign-operator, 403",
            "POST, /api/facilities/shelter-a/availability/confirm, patrol, 403",
            "POST, /api/facilities/shelter-a/availability/confirm, coordinator, 403",
            "GET, /api/patrols, patrol, 200",
            "GET, /api/patrols/maraude-18-a, operator, 200",
            "GET, /api/patrols/maraude-18-a/referrals, patrol, 200",
            "GET, /api/patrols/maraude-18-a/referrals, foreign-patrol, 403",
            "GET, /api/patrols/maraude-18-a/referrals, coordinator, 200",
            "GET, /api/patrols/maraude-18-a/referrals, operator, 403",
            "GET, /api/patrols/maraude-18-a/referrals, admin, 403",
            "GET, /api/patrols/maraude-18-a/referrals/stream, none, 401",
            "GET, /api/patrols/maraude-18-a/referrals/stream, patrol, 200",
            "GET, /api/patrols/maraude-18-a/referrals/stream, foreign-patrol, 403",
            "GET, /api/patrols/maraude-18-a/referrals/stream, coordinator, 200",
            "POST, /api/referrals, patrol, 200",
            "POST, /api/referrals, coordinator, 403",
            "POST, /api/referrals, operator, 403",
            "GET, /api/referrals/r-1, patrol, 200",
            "GET, /api/referrals/r-1, coordinator, 200",
            "GET, /api/referrals/r-1, operator, 403",
            "POST, /api/referrals/r-1/cancel, patrol, 200",
            "POST, /api/referrals/r-1/cancel, coordinator, 403",
            "POST, /api/referrals/r-1/arrival, operator, 200",
            "POST, /api/referrals/r-1/arrival, patrol, 403",
            "POST, /api/referrals/r-1/decline, coordinator, 403",
            "GET, /api/holds?facilityId=shelter-a, operator, 200",
            "GET, /api/holds?facilityId=shelter-z, operator, 403",
            "GET, /api/holds, operator, 403",
            "GET, /api/holds, coordinator, 200",
            "GET, /api/holds, patrol, 403",
            "GET, /api/indicators, coordinator, 200",
            "GET, /api/indicators, operator, 403",
            "GET, /api/indicators, admin, 403",
            "GET, /api/indicators, none, 401",
            "GET, /api/indicators/daily, coordinator, 200",
            "GET, /api/indicators/daily, admin, 403",
            "GET, /api/indicators/daily, operator, 403",
            "GET, /api/indicators/daily/stale-reporters, coordinator, 200",
            "GET, /api/indicators/daily/stale-reporters, patrol, 403",
            "POST, /api/indicators/daily/recompute?day=2026-12-03, coordinator, 200",
            "POST, /api/indicators/daily/recompute?day=2026-12-03, admin, 200",
            "POST, /api/indicators/daily/recompute?day=2026-12-03, operator, 403",
            "POST, /api/indicators/daily/recompute?day=2026-12-03, patrol, 403",
            "POST, /api/indicators/daily/recompute?day=2026-12-03, none, 401",
            // anonymous on purpose
            "GET, /q/health/live, none, 200",
            "GET, /, none, 200",
            "GET, /patrol/, none, 200",
            "GET, /report/, none, 200"})
    void roleAndEndpointGiveStatus(String method, String path, String caller, int status) {
        if (path.endsWith("/stream")) {
            URI uri = URI.create(gateway.toString().replaceAll("/$", "") + path);
            try (SseClient sse = SseClient.open(uri, new HttpClientOptions(), token(caller))) {
                assertEquals(status, sse.status());
                if (status >= 400) {
                    assertEquals("application/problem+json", sse.header("Content-Type"));
                }
            }
            return;
        }
        Response response = as(caller).contentType("application/json").body(method.equals("GET") ? "" : "{}")
                .when().request(method, path);
        response.then().statusCode(status);
        if (status == 401) {
            response.then().contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401));
        } else if (status == 403) {
            response.then().contentType(startsWith("application/problem+json")).body("status", equalTo(403));
        }
    }

    /**
     * A token holding two roles acts in both: as the operator of its facilities, and as a coordinator who reads
     * every facility's holds and every patrol's referrals.
     */
    @ParameterizedTest(name = "{2} {0} {1} -> {3}")
    @CsvSource({
            "PUT, /api/facilities/shelter-a/availability, operator+coordinator, 200",
            "PUT, /api/facilities/shelter-z/availability, operator+coordinator, 403",
            "POST, /api/facilities/shelter-z/availability/confirm, operator+coordinator, 403",
            "POST, /api/facilities/shelter-z/availability/confirm, operator+admin, 200",
            "POST, /api/facilities/shelter-a/availability/confirm, operator+admin, 200",
            "POST, /api/referrals/r-1/arrival, operator+coordinator, 200",
            "GET, /api/holds?facilityId=shelter-a, operator+coordinator, 200",
            "GET, /api/holds?facilityId=shelter-z, operator+coordinator, 200",
            "GET, /api/holds, operator+coordinator, 200",
            "GET, /api/indicators, operator+coordinator, 200",
            "GET, /api/audit, operator+coordinator, 200",
            "POST, /api/facilities, operator+coordinator, 403",
            "GET, /api/patrols/maraude-20-z/referrals, patrol+coordinator, 200",
            "GET, /api/patrols/maraude-18-a/referrals, patrol+coordinator, 200",
            "GET, /api/patrols/maraude-18-a/referrals/stream, patrol+coordinator, 200",
            "POST, /api/referrals, patrol+coordinator, 200",
            "POST, /api/referrals/r-1/cancel, patrol+coordinator, 200"})
    void aTokenWithTwoRolesActsInBoth(String method, String path, String caller, int status) {
        roleAndEndpointGiveStatus(method, path, caller, status);
    }

    @Test
    void operatorOnAForeignFacilityNeverReachesTheService() {
        String facility = "shelter-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/facilities/" + facility + "/availability";
        given().header("Authorization", TestTokens.bearer(TestTokens.operator("shelter-other")))
                .contentType("application/json").body("{\"free\":1}")
                .when().put(path)
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
        assertEquals(0, upstreams.received("PUT", path));
        // The same request from the facility's own operator does go through.
        given().header("Authorization", TestTokens.bearer(TestTokens.operator("shelter-other", facility)))
                .contentType("application/json").body("{\"free\":1}")
                .when().put(path)
                .then().statusCode(200);
        assertEquals(1, upstreams.received("PUT", path));
    }

    @Test
    void patrolOnAnotherPatrolsStreamNeverReachesTheService() {
        String patrol = "maraude-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/patrols/" + patrol + "/referrals/stream";
        URI uri = URI.create(gateway.toString().replaceAll("/$", "") + path);
        try (SseClient sse = SseClient.open(uri, new HttpClientOptions(), TestTokens.patrol("maraude-other"))) {
            assertEquals(403, sse.status());
        }
        assertEquals(0, upstreams.received("GET", path));
    }

    /**
     * A verified token is remembered ({@link org.relais.common.security.RememberedTokens}), but never past its expiry: a
     * token works request after request, from that memory, and is refused as soon as it expires, well within the
     * memory's time to live (60 s).
     */
    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = TestTokens.token("coordinator").subject("test-short-lived")
                .claim("exp", Instant.now().plusSeconds(6).getEpochSecond()).sign();
        RequestSpecification request = given().header("Authorization", TestTokens.bearer(token));
        request.get("/api/indicators").then().statusCode(200);
        double hits = Scrape.now().sum("relais_token_cache_lookups_total", "result=\"hit\"");

        for (int i = 0; i < 10; i++) {
            request.get("/api/indicators").then().statusCode(200);
        }
        // One lookup a request (the rate limit and the guard share the request's identity), every one found; the scrape
        // itself adds at most one.
        assertTrue(Scrape.now().sum("relais_token_cache_lookups_total", "result=\"hit\"") >= hits + 10);

        Response refused = await().atMost(Duration.ofSeconds(30))
                .until(() -> request.get("/api/indicators"), response -> response.statusCode() != 200);
        refused.then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void forwardedRequestsKeepTheCallersToken() {
        String token = TestTokens.coordinator();
        given().header("Authorization", TestTokens.bearer(token))
                .when().get("/api/indicators")
                .then().statusCode(200)
                .body("headers.authorization", equalTo(TestTokens.bearer(token)));
    }

    @Test
    void securityHeadersOnPagesApiAndRefusals() {
        for (Response response : new Response[] {
                given().get("/patrol/"),
                given().get("/report/"),
                as("patrol").get("/api/capacity"),
                given().get("/api/capacity"),
                as("patrol").get("/api/facilities")}) {
            response.then()
                    .header("Content-Security-Policy", startsWith("default-src 'self'; img-src 'self' data:;"))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer");
        }
    }

    @Test
    void shortPageAddressesRedirectToThePages() {
        for (String page : new String[] {"/patrol", "/operator", "/report"}) {
            given().redirects().follow(false).get(page)
                    .then().statusCode(301)
                    .header("Location", page + "/");
        }
    }

    @Test
    void corsIsClosed() {
        as("patrol").header("Origin", "https://elsewhere.example").get("/api/capacity")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static RequestSpecification as(String caller) {
        String token = token(caller);
        return token == null ? given() : given().header("Authorization", TestTokens.bearer(token));
    }

    private static String token(String caller) {
        return switch (caller) {
            case "none" -> null;
            case "expired" -> TestTokens.token("patrol").patrol(PATROL).expired(Duration.ofMinutes(5)).sign();
            case "stranger" -> TestTokens.token("coordinator").signedByStranger().sign();
            case "garbage" -> "not.a.token";
            case "patrol" -> TestTokens.patrol(PATROL);
            case "foreign-patrol" -> TestTokens.patrol("maraude-20-z");
            case "operator" -> TestTokens.operator(FACILITY);
            case "foreign-operator" -> TestTokens.operator("shelter-z");
            case "coordinator" -> TestTokens.coordinator();
            case "admin" -> TestTokens.admin();
            case "operator+coordinator" -> TestTokens.token("operator").claim("groups", List.of("operator", "coordinator"))
                    .facilities(FACILITY).sign();
            case "operator+admin" -> TestTokens.token("operator").claim("groups", List.of("operator", "admin"))
                    .facilities(FACILITY).sign();
            case "patrol+coordinator" -> TestTokens.token("patrol").claim("groups", List.of("patrol", "coordinator"))
                    .patrol("maraude-20-z").sign();
            default -> throw new IllegalArgumentException(caller);
        };
    }
}
