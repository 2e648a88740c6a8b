package org.relais.capacity.rest;

import org.relais.capacity.service.AvailabilityView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.relais.common.security.Actor;
import org.relais.capacity.service.AvailabilityService;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;

@Path("/api/facilities/{id}/availability")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AvailabilityResource {

    private final AvailabilityService availability;
    private final Caller caller;
    private final Validator validator;

    public AvailabilityResource(AvailabilityService availability, Caller caller, Validator validator) {
        this.availability = availability;
        this.caller = caller;
        this.validator = validator;
    }

    @GET
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<AvailabilityView> current(@RestPath String id) {
        return availability.current(id).map(AvailabilityView::of);
    }

    /**
     * An operator's report, only for a facility its token names. Out of date (asOf before the stored one): 409,
     * nothing changes. The body is validated here, after the ownership check, so that a foreign operator learns
     * nothing about the facility (403 before any 400/404/409/422) and nothing is read or written for it.
     */
    @PUT
    @RolesAllowed(Roles.OPERATOR)
    public Uni<AvailabilityView> report(@RestPath String id, @NotNull AvailabilityReport report) {
        caller.requireFacility(id);
        Set<ConstraintViolation<AvailabilityReport>> violations = validator.validate(report);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return availability.report(Actor.of(caller), id, report.free(), report.total(), report.asOf())
                .map(AvailabilityView::of);
    }

    /**
     * "Unchanged, still accurate": the count stops being stale without pretending to change. An operator of the
     * facility, or an admin. The body is optional: {@code {"free": n}}, the count the operator was shown, is checked
     * against the current one (409 when it moved meanwhile).
     */
    @POST
    @Path("confirm")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<AvailabilityView> confirm(@RestPath String id, AvailabilityConfirmation confirmation) {
        return confirmation(id, confirmation);
    }

    /** The one-tap form: no body (any or no content type), the current count is confirmed as it is. */
    @POST
    @Path("confirm")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<AvailabilityView> confirmWithoutBody(@RestPath String id) {
        return confirmation(id, null);
    }

    private Uni<AvailabilityView> confirmation(String id, AvailabilityConfirmation confirmation) {
        if (!caller.is(Roles.ADMIN)) {
            caller.requireFacility(id);
        }
        if (confirmation != null) {
            Set<ConstraintViolation<AvailabilityConfirmation>> violations = validator.validate(confirmation);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
        }
        return availability.confirm(Actor.of(caller), id, confirmation == null ? null : confirmation.free())
                .map(AvailabilityView::of);
    }

    @GET
    @Path("history")
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<List<AvailabilityChangeView>> history(@RestPath String id,
            @RestQuery @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return availability.history(id, limit)
                .map(entries -> entries.stream().map(AvailabilityChangeView::of).toList());
    }
}
