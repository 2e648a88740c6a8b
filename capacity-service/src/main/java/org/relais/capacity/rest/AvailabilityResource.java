package org.relais.capacity.rest;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.relais.capacity.service.AvailabilityService;
import org.relais.outbox.Outbox;

@Path("/api/facilities/{id}/availability")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AvailabilityResource {

    private final AvailabilityService availability;
    private final Outbox outbox;

    public AvailabilityResource(AvailabilityService availability, Outbox outbox) {
        this.availability = availability;
        this.outbox = outbox;
    }

    @GET
    public Uni<AvailabilityView> current(@RestPath String id) {
        return availability.current(id).map(AvailabilityView::of);
    }

    /** An operator's report. Out of date (asOf before the stored one): 409, nothing changes. */
    @PUT
    public Uni<AvailabilityView> report(@RestPath String id, @NotNull @Valid AvailabilityReport report) {
        return availability.report(id, report.free(), report.total(), report.asOf())
                .invoke(outbox::wake)
                .map(AvailabilityView::of);
    }

    @GET
    @Path("history")
    public Uni<List<AvailabilityChangeView>> history(@RestPath String id,
            @RestQuery @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return availability.history(id, limit)
                .map(entries -> entries.stream().map(AvailabilityChangeView::of).toList());
    }
}
