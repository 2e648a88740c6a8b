package org.relais.gateway.live;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.relais.common.security.Roles;

/** The live board, from the gateway's own view of the facility topics (no call to any service). */
@Path("/api/capacity")
@RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
@Tag(name = "Live capacity")
public class CapacityResource {

    private final CapacityService capacity;

    public CapacityResource(CapacityService capacity) {
        this.capacity = capacity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Places per arrondissement and kind, and every facility, now",
            description = "The same body is the first event (snapshot) of GET /api/capacity/stream, which then "
                    + "sends one facility event per change and a ': ping' comment every 15 s.")
    public CapacityReport capacity(
            @Parameter(description = "EMERGENCY_SHELTER, LONG_STAY_HOUSING, REST_ROOM or CONSUMPTION_ROOM") @RestQuery String kind,
            @Parameter(description = "5-digit postal code; repeat or comma-separate for several (default: the configured ones)")
            @RestQuery List<String> arrondissement,
            @Parameter(description = "true or false") @RestQuery String openNow) {
        capacity.requireBoard();
        return capacity.report(CapacityQuery.parse(kind, arrondissement, openNow), Instant.now());
    }
}
