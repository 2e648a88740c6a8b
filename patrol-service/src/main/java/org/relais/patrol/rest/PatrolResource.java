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
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.patrol.config.StreamConfig;
import org.relais.patrol.service.PatrolService;
import org.relais.patrol.service.ReferralChange;
import org.relais.patrol.service.ReferralService;
import org.relais.patrol.service.ReferralStream;
import org.relais.patrol.service.ReferralView;

@Path("/api/patrols")
@Produces(MediaType.APPLICATION_JSON)
public class PatrolResource {

    /** A change number as the stream sends it: a positive long. */
    private static final Pattern CHANGE_NUMBER = Pattern.compile("^[1-9][0-9]{0,17}$");

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
     * Every status change of the patrol's referrals as it happens ({@code event: referral}, the referral as stored by
     * the change), each with its change number as {@code id}, with a {@code : keep-alive} comment at once and then
     * every {@code relais.stream.keep-alive}, news or not, so that proxies and phones keep the line open and the
     * gateway can tell a silent stream from a dead one. Opened without {@code Last-Event-ID}: changes only, a client
     * loads the list first. Opened with the last id it received (on any instance): every referral changed since, as
     * stored now, then the changes as they happen, none missed, none twice. A stream too far behind ends, keep-alives and
     * all, so that its client reconnects and resumes. An id this stream never sends (not a change number) is a 400: a
     * client that took it for a resumption would skip the reload it needs. Who may open it is checked by
     * {@link KnownPatrolFilter}, with the existence of the patrol, before the stream's 200 goes out.
     */
    @GET
    @Path("{patrolId}/referrals/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.PATROL, Roles.COORDINATOR})
    @KnownPatrol
    public Multi<OutboundSseEvent> stream(@RestPath String patrolId,
            @Parameter(description = "The id of the last event received, to resume after it")
            @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        // An empty id is none (an EventSource whose last id was reset sends none at all).
        Multi<ReferralChange> changes = lastEventId == null || lastEventId.isEmpty()
                ? stream.of(patrolId)
                : resumed(patrolId, changeNumber(lastEventId));
        return KeptAlive.stream(changes.map(change -> sse.newEventBuilder()
                        .name("referral")
                        .id(Long.toString(change.seq()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(ReferralView.class, change.referral())
                        .build()),
                sse.newEventBuilder().comment(" keep-alive").build(),
                sse.newEventBuilder().comment(" end").build(), streamConfig.keepAlive());
    }

    private Multi<ReferralChange> resumed(String patrolId, long lastSeen) {
        return stream.after(patrolId, lastSeen, referrals.changedSince(patrolId, lastSeen));
    }

    private static long changeNumber(String lastEventId) {
        if (!CHANGE_NUMBER.matcher(lastEventId).matches()) {
            throw ProblemException.badRequest("Last-Event-ID must be the id of an event of this stream (a change number):"
                    + " open the stream without it and load the list again.");
        }
        return Long.parseLong(lastEventId);
    }
}
