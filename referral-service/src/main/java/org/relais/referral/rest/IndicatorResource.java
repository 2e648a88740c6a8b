package org.relais.referral.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.relais.common.problem.ProblemException;
import org.relais.referral.domain.Indicators;
import org.relais.referral.service.IndicatorService;

/** Coordinators' indicators: flows of referrals over a window (default: the last 24 hours). */
@Path("/api/indicators")
@Produces(MediaType.APPLICATION_JSON)
public class IndicatorResource {

    private final IndicatorService indicators;

    public IndicatorResource(IndicatorService indicators) {
        this.indicators = indicators;
    }

    @GET
    public Uni<Indicators> get(@QueryParam("from") String from, @QueryParam("to") String to) {
        return indicators.indicators(instant("from", from), instant("to", to));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant, like 2026-11-25T21:00:00Z.");
        }
    }
}
