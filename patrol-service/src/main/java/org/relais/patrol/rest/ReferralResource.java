package org.relais.patrol.rest;

import org.relais.patrol.service.ReferralInput;
import org.relais.patrol.service.ReferralView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Actor;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.patrol.service.ReferralService;

@Path("/api/referrals")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralResource {

    private final ReferralService referrals;
    private final Caller caller;

    public ReferralResource(ReferralService referrals, Caller caller) {
        this.referrals = referrals;
        this.caller = caller;
    }

    /**
     * Accepts a placement request (202: matching happens in referral-service, the answer comes on the stream).
     * The Idempotency-Key is required, so that a retry can never make a second referral: a replay with the same
     * key returns the same referral. A person with an active referral gets 409 naming it ({@code activeReferralId}).
     * A patrol requests only for itself: the body's patrolId is checked against the token before anything is
     * stored or published.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATROL)
    public Uni<RestResponse<ReferralAccepted>> request(
            @Parameter(required = true, description = "A new unique key per request, the same key when retrying it")
            @RestHeader("Idempotency-Key") @Pattern(regexp = "^[\\x21-\\x7E]{1,128}$",
                    message = "must be 1 to 128 visible ASCII characters") String idempotencyKey,
            @Valid @NotNull ReferralInput input) {
        if (idempotencyKey == null) {
            throw ProblemException.badRequest("The Idempotency-Key header is required: send a new unique key with each"
                    + " new request, and the same key again when retrying it.");
        }
        caller.requirePatrol(input.patrolId(), false);
        return referrals.submit(input, idempotencyKey, Actor.of(caller))
                .map(submission -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.ACCEPTED,
                                new ReferralAccepted(submission.referral().id, submission.referral().status))
                        // Relative, so it stays right behind the gateway.
                        .header(HttpHeaders.LOCATION, "/api/referrals/" + submission.referral().id)
                        .build());
    }

    /** The referral's own patrol, or a coordinator. */
    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PATROL, Roles.COORDINATOR})
    public Uni<ReferralView> get(@RestPath String id) {
        return referrals.find(id)
                .invoke(referral -> caller.requirePatrol(referral.patrolId, true))
                .map(ReferralView::of);
    }

    /** Asks for a cancellation (202): the CANCELLED status follows on the stream. The referral's patrol only. */
    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.PATROL)
    public Uni<RestResponse<ReferralAccepted>> cancel(@RestPath String id) {
        return referrals.cancel(id, Actor.of(caller))
                .map(cancellation -> RestResponse.accepted(
                        new ReferralAccepted(cancellation.referral().id, cancellation.referral().status)));
    }
}
