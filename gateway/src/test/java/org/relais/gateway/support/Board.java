package org.relais.gateway.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.relais.testing.TestTokens;
import org.relais.testing.RelaisInfrastructure;

/** Shortcuts over the gateway's public endpoints for tests. */
public final class Board {

    private Board() {
    }

    public static FacilityEvents events() {
        return new FacilityEvents(RelaisInfrastructure.bootstrapServers());
    }

    static {
        // The test machine may be busy (two cores, the test servers, other builds): be patient, never sleep.
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    /** The initial replay of the (shared, long) facility topics must be over before the board is asked. */
    public static void awaitReady() {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(90)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    public static JsonPath capacity(Map<String, ?> query) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.coordinator())).queryParams(query).when().get("/api/capacity").then().statusCode(200).extract().jsonPath();
    }

    /** The board's entry for one facility in its arrondissement, or null while it is not there. */
    public static Map<String, Object> facility(String arrondissement, String id) {
        return capacity(Map.of("arrondissement", arrondissement)).param("id", id).get("facilities.find { it.id == id }");
    }
}
