package org.relais.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.testing.TestTokenResource;
import org.relais.testing.TestTokens;
import org.relais.gateway.support.Board;

/** Production-like settings: a small rate limit (slow enough that a loaded test machine cannot refill it), and the local sign-in off. */
@QuarkusTest
@TestProfile(RateLimitTest.Strict.class)
@WithTestResource(TestTokenResource.class)
class RateLimitTest {

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

    @Test
    void disabledLocalSignInIsNotThere() {
        given().contentType("application/json").body("{\"role\":\"admin\"}")
                .when().post("/dev/login")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }
}
