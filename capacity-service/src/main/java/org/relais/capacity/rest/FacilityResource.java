package org.relais.capacity.rest;

import org.relais.capacity.service.FacilityView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.relais.common.security.Actor;
import org.relais.capacity.service.AddressDisclosure;
import org.relais.capacity.service.FacilityService;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.events.FacilityKind;

@Path("/api/facilities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FacilityResource {

    private final FacilityService facilities;
    private final AddressDisclosure disclosure;
    private final Caller caller;
    private final Clock clock;

    public FacilityResource(FacilityService facilities, AddressDisclosure disclosure, Caller caller,
            Clock clock) {
        this.facilities = facilities;
        this.disclosure = disclosure;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<List<FacilityView>> list(@RestQuery String kind,
            @RestQuery @Pattern(regexp = FacilityInput.POSTAL_CODE, message = "must be a 5-digit postal code")
            String arrondissement) {
        FacilityKind wanted = kind(kind);
        return disclosure.readerFor(caller).chain(reader -> facilities.search(wanted, arrondissement)
                .map(states -> states.stream().map(s -> FacilityView.of(s, clock.instant(), reader)).toList()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PATROL, Roles.OPERATOR, Roles.COORDINATOR, Roles.ADMIN})
    public Uni<FacilityView> get(@RestPath String id) {
        return disclosure.readerFor(caller)
                .chain(reader -> facilities.find(id).map(state -> FacilityView.of(state, clock.instant(), reader)));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<FacilityView>> register(@NotNull @Valid FacilityInput input) {
        return facilities.register(Actor.of(caller), input.toFacility(), input.totalPlaces())
                .map(state -> RestResponse.ResponseBuilder
                        .<FacilityView>created(URI.create("/api/facilities/" + state.facility().id()))
                        .entity(FacilityView.of(state, clock.instant()))
                        .build());
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<FacilityView> update(@RestPath String id, @NotNull @Valid FacilityPatch patch) {
        return facilities.update(Actor.of(caller), id, patch::applyTo, patch.totalPlaces())
                .map(state -> FacilityView.of(state, clock.instant()));
    }

    /** Parsed here rather than by JAX-RS, which answers a bad query value with 404 instead of 400. */
    private static FacilityKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return FacilityKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown kind; expected one of " + List.of(FacilityKind.values()) + ".");
        }
    }
}
