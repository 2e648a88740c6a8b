package org.relais.referral.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.relais.testing.TestTokens;

/** Requests carrying a real signed token of one role (the service trusts them through TestTokenResource). */
public final class As {

    private As() {
    }

    public static RequestSpecification coordinator() {
        return with(TestTokens.coordinator());
    }

    public static RequestSpecification operator(String... facilityIds) {
        return with(TestTokens.operator(facilityIds));
    }

    public static RequestSpecification with(String token) {
        return given().auth().oauth2(token);
    }
}
