package org.relais.common.audit;

import java.time.Instant;
import org.relais.common.problem.ProblemException;
import org.relais.common.rest.QueryParams;
import org.relais.events.Ids;

/**
 * The filters of {@code GET /api/audit}, the same at the gateway and in each service: one facility (optional),
 * a window [from, to) of ISO-8601 instants (both optional), at most {@code limit} entries (default 100, max
 * 1000). Parsed by hand rather than by JAX-RS, which answers a query value it cannot convert with 404.
 */
public record AuditQuery(String facilityId, Instant from, Instant to, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** 400 problem when a value is malformed. */
    public static AuditQuery parse(String facilityId, String from, String to, String limit) {
        String facility = facilityId == null || facilityId.isBlank() ? null : facilityId.strip();
        if (facility != null && !Ids.isValid(facility)) {
            throw ProblemException.badRequest("facilityId is not a facility id.");
        }
        Instant since = QueryParams.instant("from", from);
        Instant until = QueryParams.instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw ProblemException.badRequest("from must be before to.");
        }
        return new AuditQuery(facility, since, until, limit(limit));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
