package org.relais.referral.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.common.security.Actor;
import org.relais.referral.service.HoldOutcomes;
import org.relais.referral.service.WaitlistService;

/**
 * The facility's side of a referral (reached through the gateway). Refusals are problem+json and change
 * nothing: 404 unknown referral, 403 a referral not held at one of the operator's facilities, 409 not held
 * (or held elsewhere, or already final), 400 bad body.
 */
@Path("/api/referrals/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReferralResource {

    private final HoldOutcomes holds;
    private final WaitlistService waitlist;
    private final Caller caller;

    public ReferralResource(HoldOutcomes holds, WaitlistService waitlist, Caller caller) {
        this.holds = holds;
        this.waitlist = waitlist;
        this.caller = caller;
    }

    /** The person arrived: the hold becomes an occupied place. The body ({@code facilityId}) is optional. */
    @POST
    @Path("/arrival")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<ReferralOutcome> arrival(@PathParam("id") @Size(max = 128) String id, @Valid ArrivalRequest body) {
        return holds.arrive(Actor.of(caller), id, body == null ? null : body.facilityId())
                .map(ReferralOutcome::of);
    }

    /** The facility refuses, with a reason; the place goes to the waitlist. */
    @POST
    @Path("/decline")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<ReferralOutcome> decline(@PathParam("id") @Size(max = 128) String id, @Valid @NotNull DeclineRequest body) {
        return holds.decline(Actor.of(caller), id, body.reason())
                .call(referral -> waitlist.rematch(referral.arrondissement))
                .map(ReferralOutcome::of);
    }
}
