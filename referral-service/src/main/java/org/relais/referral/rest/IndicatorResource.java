package org.relais.referral.rest;

import io.smallrye.mutiny.Uni;
import org.relais.common.rest.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.relais.common.security.Roles;
import org.relais.referral.domain.Indicators;
import org.relais.referral.service.IndicatorService;

/**
 * Coordinators' indicators: flows of referrals over a window (default: the last 24 hours), over the board's
 * arrondissements or the one asked for.
 */
@Path("/api/indicators")
@Produces(MediaType.APPLICATION_JSON)
public class IndicatorResource {

    private final IndicatorService indicators;

    public IndicatorResource(IndicatorService indicators) {
        this.indicators = indicators;
    }

    @GET
    @RolesAllowed(Roles.COORDINATOR)
    public Uni<Indicators> get(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("arrondissement") String arrondissement) {
        return indicators.indicators(QueryParams.instant("from", from), QueryParams.instant("to", to), arrondissement);
    }
}
