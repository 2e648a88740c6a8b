package org.relais.common.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.relais.common.problem.ProblemException;

/**
 * Query parameters read by hand: JAX-RS answers 404 to a query parameter it cannot convert, we want a 400 that
 * says what is wrong.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 instant, or null when absent. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant, like 2026-11-25T21:00:00Z.");
        }
    }
}
