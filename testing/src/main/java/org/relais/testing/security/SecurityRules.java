package org.relais.testing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.Map;

/** The answers a rules table expects: the status, and for a refusal a problem+json that says it. */
public final class SecurityRules {

    public static final String PROBLEM = "application/problem+json";

    private SecurityRules() {
    }

    /** 401 without a valid token; otherwise what {@code allowed} says, and 403 for whoever it does not name. */
    public static int expected(Who who, Map<Who, Integer> allowed) {
        return who.unauthenticated() ? 401 : allowed.getOrDefault(who, 403);
    }

    /**
     * The answer has {@code status}; a 4xx is problem+json carrying the same status, and a 401 asks for a bearer
     * token (WWW-Authenticate).
     */
    public static void assertAnswer(Response response, int status) {
        assertEquals(status, response.statusCode(), () -> "status; body: " + response.asString());
        if (status >= 400) {
            assertTrue(String.valueOf(response.contentType()).startsWith(PROBLEM),
                    () -> "answered " + response.contentType() + ", not " + PROBLEM);
            assertEquals(Integer.valueOf(status), response.path("status"), "the problem's status");
        }
        if (status == 401) {
            assertEquals("Bearer", response.header("WWW-Authenticate"), "WWW-Authenticate");
        }
    }

    /** One row of a table: who calls which endpoint, and the status the rules give. */
    public record Rule(Caller caller, Endpoint endpoint, int status) {

        public void check() {
            assertAnswer(endpoint.call(caller), status);
        }

        @Override
        public String toString() {
            return caller + " " + endpoint + " -> " + status;
        }
    }
}
