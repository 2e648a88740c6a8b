package org.relais.patrol.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.relais.testing.TestTokens;

import static io.restassured.RestAssured.given;

/** Requests carrying a real signed token of the role a test plays. */
public final class Callers {

    private Callers() {
    }

    public static RequestSpecification asPatrol(String patrolId) {
        return with(TestTokens.patrol(patrolId));
    }

    public static RequestSpecification asCoordinator() {
        return with(TestTokens.coordinator());
    }

    public static RequestSpecification with(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    /** A new placement request by this patrol: a JSON body and a fresh Idempotency-Key, which is required. */
    public static RequestSpecification newRequestAs(String patrolId) {
        return newRequest(asPatrol(patrolId));
    }

    public static RequestSpecification newRequest(RequestSpecification caller) {
        return caller.contentType(ContentType.JSON).header("Idempotency-Key", ReferralRequests.idempotencyKey());
    }
}
