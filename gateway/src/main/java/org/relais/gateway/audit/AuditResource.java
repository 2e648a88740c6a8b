package org.relais.gateway.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.relais.common.audit.AuditQuery;
import org.relais.common.security.Roles;

/** The audit trails of all services as one, for coordinators. */
@Path("/api/audit")
@Tag(name = "Audit")
@RolesAllowed(Roles.COORDINATOR)
public class AuditResource {

    private final AuditFanout audit;

    public AuditResource(AuditFanout audit) {
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every service's writes, newest first",
            description = "Entries of capacity-, referral- and patrol-service, each tagged with its service.")
    public Uni<List<ObjectNode>> audit(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "only this facility's entries") @RestQuery String facilityId,
            @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to,
            @Parameter(description = "1 to 1000, default 100") @RestQuery String limit) {
        return audit.find(authorization, AuditQuery.parse(facilityId, from, to, limit));
    }
}
