package org.relais.referral.rest;

import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Roles;
import org.relais.referral.fhir.Fhir;
import org.relais.referral.fhir.PartnerView;
import org.relais.referral.fhir.SearchParameters;

/**
 * FHIR R4 read API for health partners (coordinators' tokens): referrals as {@code Task}, facilities as
 * {@code HealthcareService}, answered as {@code application/fhir+json}. Refusals are problem+json like the rest of
 * the API, or a FHIR {@code OperationOutcome} for a client that accepts FHIR JSON and not problem+json (what FHIR
 * clients send), with the same status.
 */
@Path("/api/fhir")
@Produces({Fhir.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.COORDINATOR)
public class FhirResource {

    private static final String FHIR_JSON = Fhir.MEDIA_TYPE + ";charset=utf-8";

    private final PartnerView view;

    public FhirResource(PartnerView view) {
        this.view = view;
    }

    @GET
    @Path("/Task")
    public Uni<Response> searchTasks(@Context UriInfo uri) {
        return view.searchTasks(search(uri, PartnerView.TASK_PARAMETERS)).map(FhirResource::fhir);
    }

    @GET
    @Path("/Task/{id}")
    public Uni<Response> readTask(@PathParam("id") String id) {
        return view.readTask(id).map(FhirResource::fhir);
    }

    @GET
    @Path("/HealthcareService")
    public Uni<Response> searchServices(@Context UriInfo uri) {
        return view.searchServices(search(uri, PartnerView.SERVICE_PARAMETERS)).map(FhirResource::fhir);
    }

    @GET
    @Path("/HealthcareService/{id}")
    public Uni<Response> readService(@PathParam("id") String id) {
        return view.readService(id).map(FhirResource::fhir);
    }

    /** This resource's refusals, in the form the client asked for. */
    @ServerExceptionMapper
    public Response refused(ProblemException e, HttpHeaders headers) {
        return refusal(e.problem(), headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return refusal(Problem.of(403, "Forbidden", "This token's role may not do this."), headers);
    }

    private static Response refusal(Problem problem, HttpHeaders headers) {
        if (!wantsOperationOutcome(headers)) {
            return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        String code = switch (problem.status()) {
            case 400 -> "invalid";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> "processing";
        };
        return Response.status(problem.status()).type(FHIR_JSON)
                .entity(Fhir.OperationOutcome.error(code, problem.detail())).build();
    }

    /** A FHIR client: it accepts application/fhir+json and does not ask for problem+json. */
    private static boolean wantsOperationOutcome(HttpHeaders headers) {
        String accept = String.join(",", headers.getRequestHeader(HttpHeaders.ACCEPT)).toLowerCase(Locale.ROOT);
        return accept.contains(Fhir.MEDIA_TYPE) && !accept.contains(Problem.MEDIA_TYPE);
    }

    private static SearchParameters search(UriInfo uri, java.util.List<String> supported) {
        return new SearchParameters(uri.getQueryParameters(), supported);
    }

    private static Response fhir(Object resource) {
        return Response.ok(resource).type(FHIR_JSON).build();
    }
}
