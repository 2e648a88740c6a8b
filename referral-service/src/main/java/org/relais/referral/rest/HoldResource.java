package org.relais.referral.rest;

import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.relais.referral.service.HoldService;

/** Places held for patrols right now, oldest first. */
@Path("/api/holds")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final HoldService holds;

    public HoldResource(HoldService holds) {
        this.holds = holds;
    }

    /** All active holds, or those of one facility (404 if referral-service does not know it). */
    @GET
    public Uni<List<HoldView>> list(
            @QueryParam("facilityId") @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,63}$", message = "must be a facility id")
            String facilityId) {
        return holds.activeHolds(facilityId).map(list -> list.stream().map(HoldView::of).toList());
    }
}
