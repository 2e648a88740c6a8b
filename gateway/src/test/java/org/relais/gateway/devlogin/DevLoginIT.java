package org.relais.gateway.devlogin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.Board;

/** The local sign-in signs tokens the platform accepts, shaped like deploy/relais token's. */
@QuarkusTest
@WithTestResource(DevLoginKey.class)
class DevLoginIT {

    /** The board answers 503 until this application's replay of the facility topics is done. */
    @BeforeEach
    void boardReplayed() {
        Board.awaitReady();
    }

    @Test
    void signedInPatrolReadsCapacity() {
        JsonPath answer = given().contentType("application/json").body("{\"role\":\"patrol\",\"patrolId\":\"maraude-18-a\"}")
                .when().post("/dev/login")
                .then().statusCode(200)
                .extract().jsonPath();
        String token = answer.getString("token");
        Instant expiresAt = Instant.parse(answer.getString("expiresAt"));
        assertTrue(Duration.between(Instant.now(), expiresAt).toMinutes() > 11 * 60, "12 h lifetime");

        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(DevLoginKey.ISSUER, claims.getString("iss"));
        assertEquals(List.of("patrol"), claims.getList("groups"));
        assertEquals("maraude-18-a", claims.getString("patrol_id"));
        assertEquals("local-patrol-maraude-18-a", claims.getString("sub"));
        assertEquals(claims.getString("sub"), claims.getString("upn"));
        assertEquals(expiresAt.getEpochSecond(), claims.getLong("exp"));

        given().header("Authorization", "Bearer " + token)
                .when().get("/api/capacity")
                .then().statusCode(200);
    }

    @Test
    void theSignInIsAvailableToACallerOnThisMachine() {
        // The test client connects over loopback (127.0.0.1), like a browser on the platform's machine.
        given().when().get("/dev/login").then().statusCode(204);
        given().contentType("application/json").body("{\"role\":\"admin\"}")
                .when().post("/dev/login")
                .then().statusCode(200)
                .body("token", matchesPattern("[\\w-]+\\.[\\w-]+\\.[\\w-]+"));
    }

    @Test
    void aSignInRelayedByAProxyIsRefused() {
        // Whatever a forwarded address says, a relayed request came from elsewhere.
        for (String header : new String[] {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
            given().header(header, header.equals("Forwarded") ? "for=127.0.0.1" : "127.0.0.1")
                    .contentType("application/json").body("{\"role\":\"admin\"}")
                    .when().post("/dev/login")
                    .then().statusCode(403)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(403))
                    .body("detail", containsString("deploy/relais token"));
            given().header(header, "127.0.0.1").when().get("/dev/login").then().statusCode(403);
        }
    }

    @Test
    void signedInOperatorCarriesItsFacilities() {
        String token = given().contentType("application/json")
                .body("{\"role\":\"operator\",\"facilityIds\":[\"shelter-a\",\"shelter-b\"]}")
                .when().post("/dev/login")
                .then().statusCode(200)
                .extract().path("token");
        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(List.of("shelter-a", "shelter-b"), claims.getList("facility_ids"));
        given().header("Authorization", "Bearer " + token).when().get("/api/capacity").then().statusCode(200);
    }

    @Test
    void badSignInRequestsAreRefusedWithAProblem() {
        for (String body : new String[] {"{\"role\":\"root\"}", "{\"role\":\"patrol\"}", "{\"role\":\"operator\"}",
                "{\"role\":\"admin\",\"extra\":1}", "{\"role\":\"patrol\",\"patrolId\":\"<script>\"}", "[]"}) {
            int status = given().contentType("application/json").body(body)
                    .when().post("/dev/login")
                    .then().contentType(startsWith("application/problem+json"))
                    .extract().statusCode();
            assertTrue(status == 400 || status == 422, body + " -> " + status);
        }
    }

    @Test
    void thePublicApiDescriptionNeedsNoTokenAndLeavesOutTheLocalSignIn() {
        // Read by an integrator before being given a token: the hand-written document, not a scan of the gateway.
        given().get("/q/openapi?format=json")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("openapi", startsWith("3.1"))
                .body("info.title", is("Relais public API"))
                .body("paths.'/api/indicators'.get.operationId", is("getIndicators"))
                .body("paths.'/dev/login'", nullValue())
                .body("components.securitySchemes.bearer.scheme", is("bearer"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi: 3.1"));
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(startsWith("text/html"));
    }
}
