package org.relais.testing.security;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** One caller of a rules table: a name for the report and its bearer token (null: no Authorization header). */
public record Caller(String name, String token) {

    /** A request that carries the token, if any. */
    public RequestSpecification request() {
        return token == null ? given() : given().auth().oauth2(token);
    }

    @Override
    public String toString() {
        return name;
    }
}
