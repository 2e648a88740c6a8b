package org.relais.patrol.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.relais.patrol.service.PatrolService;

/** Refuses a request for an unknown patrol with a 404 problem, for methods marked {@link KnownPatrol}. */
public class KnownPatrolFilter {

    private final PatrolService patrols;

    public KnownPatrolFilter(PatrolService patrols) {
        this.patrols = patrols;
    }

    @KnownPatrol
    @ServerRequestFilter
    public Uni<Void> knownPatrol(UriInfo uri) {
        return patrols.find(uri.getPathParameters().getFirst("patrolId")).replaceWithVoid();
    }
}
