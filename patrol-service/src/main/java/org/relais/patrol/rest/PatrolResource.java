package org.relais.patrol.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.patrol.config.StreamConfig;
import org.relais.patrol.service.PatrolService;
import org.relais.patrol.service.ReferralService;
import org.relais.patrol.service.ReferralStream;
import org.relais.patrol.service.ReferralView;

@Path("/api/patrols")
@Produces(MediaType.APPLICATION_JSON)
public class PatrolResource {

    private final PatrolService patrols;
    private final ReferralService referrals;
    private final ReferralStream stream;
    private final StreamConfig streamConfig;
    private final Caller caller;

    public PatrolResource(PatrolService patrols, ReferralService referrals, ReferralStream stream,
            StreamConfig streamConfig, Caller caller) {
        this.patrols = patrols;
        this.referrals = referrals;
        this.stream = stream;
        this.streamConfig = streamConfig;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<List<PatrolView>> list() {
        return patrols.list().map(all -> all.stream().map(PatrolView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<PatrolView> get(@RestPath String id) {
        return patrols.find(id).map(PatrolView::of);
    }

    /** The patrol's referrals, newest first: that patrol or a coordinator (403 comes before 404). */
    @GET
    @Path("{patrolId}/referrals")
    @RolesAllowed({Roles.PATROL, Roles.COORDINATOR})
    public Uni<List<ReferralView>> referrals(@RestPath String patrolId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        caller.requirePatrol(patrolId, true);
        return referrals.newestOfPatrol(patrolId, limit).map(list -> list.stream().map(ReferralView::of).toList());
    }

    /**
     * Every status change of the patrol's referrals as it happens ({@code event: referral}), with a
     * {@code : keep-alive} comment at once and then every {@code relais.stream.keep-alive}, news or not, so that
     * proxies and phones keep the line open and the gateway can tell a silent stream from a dead one. Changes
     * only: a (re)connecting client loads the list first. A stream too far behind ends, keep-alives and all, so that
     * its client reconnects and reloads. Who may open it is checked by {@link KnownPatrolFilter},
     * with the existence of the patrol, before the stream's 200 goes out.
     */
    @GET
    @Path("{patrolId}/referrals/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.PATROL, Roles.COORDINATOR})
    @KnownPatrol
    public Multi<OutboundSseEvent> stream(@RestPath String patrolId, @Context Sse sse) {
        Multi<OutboundSseEvent> changes = stream.of(patrolId).map(change -> sse.newEventBuilder()
                .name("referral")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(ReferralView.class, change)
                .build());
        return KeptAlive.stream(changes, sse.newEventBuilder().comment(" keep-alive").build(),
                sse.newEventBuilder().comment(" end").build(), streamConfig.keepAlive());
    }
}
