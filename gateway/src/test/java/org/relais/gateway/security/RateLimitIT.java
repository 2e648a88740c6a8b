package org.relais.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.gateway.support.Board;

/** Production-like settings: a small rate limit (slow enough that a loaded test machine cannot refill it), and the local sign-in off. */
@QuarkusTest
@TestProfile(RateLimitIT.Strict.class)
@WithTestResource(TestTokenResource.class)
class RateLimitIT {

    /** The board answers 503 until this application's replay of the facility topics is done. */
    @BeforeEach
    void boardReplayed() {
        Board.awaitReady();
    }

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "relais.rate-limit.per-second", "0.01",
                    "relais.rate-limit.burst", "3",
                    "relais.dev-login.enabled", "false");
        }
    }

    @Test
    void aCallerBeyondItsBurstGets429WithRetryAfterOthersDoNot() {
        String busy = TestTokens.token("coordinator").subject("busy-" + UUID.randomUUID()).sign();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", TestTokens.bearer(busy)).get("/api/capacity").then().statusCode(200);
        }
        given().header("Authorization", TestTokens.bearer(busy))
                .when().get("/api/capacity")
                .then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429));
        // The limit is per token subject: somebody else is not slowed down.
        String quiet = TestTokens.token("coordinator").subject("quiet-" + UUID.randomUUID()).sign();
        given().header("Authorization", TestTokens.bearer(quiet)).get("/api/capacity").then().statusCode(200);
    }

    /**
     * The router reaches /api/capacity under other spellings of its path; each must count against the caller's
     * limit like the plain one (sent raw: an HTTP library would tidy the path first).
     */
    @ParameterizedTest
    @ValueSource(strings = {"//api/capacity", "/%61pi/capacity", "/./api/capacity", "/api//capacity",
            "/api/./capacity", "/assets/../api/capacity", "/%2e/api/capacity", "/api/%63apacity"})
    void everySpellingOfAnApiPathCountsAgainstTheLimit(String spelling) throws IOException {
        String speller = TestTokens.token("coordinator").subject("speller-" + UUID.randomUUID()).sign();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, rawGet(spelling, speller), spelling + " reaches the board");
        }
        assertEquals(429, rawGet(spelling, speller), spelling + " beyond the burst");
        assertEquals(429, rawGet("/api/capacity", speller), "and the plain path shares the same bucket");
    }

    @Test
    void disabledLocalSignInIsNotThereAndAttemptsAreLimitedPerAddress() {
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body("{\"role\":\"admin\"}")
                    .when().post("/dev/login")
                    .then().statusCode(404)
                    .contentType(startsWith("application/problem+json"));
        }
        given().contentType("application/json").body("{\"role\":\"admin\"}")
                .when().post("/dev/login")
                .then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    /**
     * The open-data feed needs no token, so it is limited per client address, in a bucket of its own, under every
     * spelling of its path; a token does not buy a caller a second bucket there.
     */
    @Test
    void theOpenDataFeedIsLimitedPerAddress() throws IOException {
        for (int i = 0; i < 3; i++) {
            given().get("/open-data/hsds/services").then().statusCode(200);
        }
        given().when().get("/open-data/hsds/services")
                .then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429));
        String token = TestTokens.token("coordinator").subject("open-" + UUID.randomUUID()).sign();
        assertEquals(429, rawGet("/open-data/%68sds/services", token), "another spelling, with a token: same bucket");
        assertEquals(429, rawGet("//open-data/hsds/", token), "the root too");
    }

    @TestHTTPResource("/")
    URL gateway;

    /** A GET of this exact request target, over a plain socket; the answer's status. */
    private int rawGet(String target, String token) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
