package org.relais.patrol;

import io.restassured.specification.RequestSpecification;
import org.relais.testing.TestTokens;

import static io.restassured.RestAssured.given;

/** Requests carrying a real signed token of the role a test plays. */
final class Callers {

    private Callers() {
    }

    static RequestSpecification asPatrol(String patrolId) {
        return with(TestTokens.patrol(patrolId));
    }

    static RequestSpecification asCoordinator() {
        return with(TestTokens.coordinator());
    }

    static RequestSpecification with(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }
}
