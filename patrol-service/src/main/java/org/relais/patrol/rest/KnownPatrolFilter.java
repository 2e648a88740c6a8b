package org.relais.patrol.rest;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.relais.common.security.Caller;
import org.relais.patrol.service.PatrolService;

/**
 * For methods marked {@link KnownPatrol}: the caller must be that patrol or a coordinator (401 without a valid
 * token, 403 otherwise), and only then must the patrol exist (404). The token is verified here rather than left
 * to the method's annotations, so that the 404 can never tell a stranger which patrols exist, whatever order
 * the framework runs filters and security checks in.
 */
public class KnownPatrolFilter {

    private final PatrolService patrols;
    private final CurrentIdentityAssociation identities;
    private final Caller caller;

    public KnownPatrolFilter(PatrolService patrols, CurrentIdentityAssociation identities, Caller caller) {
        this.patrols = patrols;
        this.identities = identities;
        this.caller = caller;
    }

    @KnownPatrol
    @ServerRequestFilter
    public Uni<Void> knownPatrol(UriInfo uri) {
        String patrolId = uri.getPathParameters().getFirst("patrolId");
        return identities.getDeferredIdentity()
                .invoke(identity -> {
                    if (identity.isAnonymous()) {
                        throw new UnauthorizedException();
                    }
                    caller.requirePatrol(patrolId, true);
                })
                .chain(() -> patrols.find(patrolId))
                .replaceWithVoid();
    }
}
