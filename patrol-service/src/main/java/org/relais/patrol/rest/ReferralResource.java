package org.relais.patrol.rest;

import io.smallrye.mutiny.Uni;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.relais.outbox.Outbox;
import org.relais.patrol.service.ReferralService;

@Path("/api/referrals")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralResource {

    private final ReferralService referrals;
    private final Outbox outbox;

    public ReferralResource(ReferralService referrals, Outbox outbox) {
        this.referrals = referrals;
        this.outbox = outbox;
    }

    /**
     * Accepts a placement request (202: matching happens in referral-service, the answer comes on the stream).
     * A replay with the same Idempotency-Key returns the same referral.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ReferralAccepted>> request(
            @RestHeader("Idempotency-Key") @Pattern(regexp = "^[\\x21-\\x7E]{1,128}$",
                    message = "must be 1 to 128 visible ASCII characters") String idempotencyKey,
            @Valid @NotNull ReferralInput input) {
        return referrals.submit(input, idempotencyKey)
                .invoke(submission -> {
                    if (submission.created()) {
                        outbox.wake();
                    }
                })
                .map(submission -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.ACCEPTED,
                                new ReferralAccepted(submission.referral().id, submission.referral().status))
                        // Relative, so it stays right behind the gateway.
                        .header(HttpHeaders.LOCATION, "/api/referrals/" + submission.referral().id)
                        .build());
    }

    @GET
    @Path("{id}")
    public Uni<ReferralView> get(@RestPath String id) {
        return referrals.find(id).map(ReferralView::of);
    }

    /** Asks for a cancellation (202): the CANCELLED status follows on the stream. */
    @POST
    @Path("{id}/cancel")
    public Uni<RestResponse<ReferralAccepted>> cancel(@RestPath String id) {
        return referrals.cancel(id)
                .invoke(cancellation -> {
                    if (cancellation.requested()) {
                        outbox.wake();
                    }
                })
                .map(cancellation -> RestResponse.accepted(
                        new ReferralAccepted(cancellation.referral().id, cancellation.referral().status)));
    }
}
