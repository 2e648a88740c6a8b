package org.relais.outbox.audit;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;
import org.relais.common.audit.AuditQuery;
import org.relais.common.security.Roles;

/**
 * {@code GET /api/audit}: the service's own audit trail, newest first, for coordinators (the gateway merges
 * every service's). Served by each service that keeps a trail, from this one class.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.COORDINATOR)
public class AuditResource {

    private final AuditTrail audit;

    public AuditResource(AuditTrail audit) {
        this.audit = audit;
    }

    @GET
    public Uni<List<AuditEntry>> find(@RestQuery String facilityId, @RestQuery String from, @RestQuery String to,
            @RestQuery String limit) {
        return audit.find(AuditQuery.parse(facilityId, from, to, limit));
    }
}
