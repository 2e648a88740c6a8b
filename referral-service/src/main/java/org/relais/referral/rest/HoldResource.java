package org.relais.referral.rest;

import org.relais.events.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.referral.service.HoldOutcomes;

/** Places held for patrols right now, oldest first. */
@Path("/api/holds")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final HoldOutcomes holds;
    private final Caller caller;

    public HoldResource(HoldOutcomes holds, Caller caller) {
        this.holds = holds;
        this.caller = caller;
    }

    /**
     * All active holds (coordinators), or those of one facility (404 if referral-service does not know it).
     * An operator sees only its own facilities' holds, one facility per call: facilityId is required (400) and
     * must be one of its token's (403).
     */
    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.COORDINATOR})
    public Uni<List<HoldView>> list(
            @QueryParam("facilityId") @Pattern(regexp = Ids.PATTERN, message = "must be a facility id")
            String facilityId) {
        if (!caller.is(Roles.COORDINATOR)) {
            if (facilityId == null) {
                throw ProblemException.badRequest("facilityId is required: an operator lists one facility's holds.");
            }
            caller.requireFacility(facilityId);
        }
        return holds.activeHolds(facilityId).map(list -> list.stream().map(HoldView::of).toList());
    }
}
