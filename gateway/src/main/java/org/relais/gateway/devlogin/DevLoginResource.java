package org.relais.gateway.devlogin;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Roles;
import org.relais.gateway.security.LocalSignIn;

/**
 * The web views' local sign-in: anyone may ask for any role, which is why it exists only on a local platform
 * ({@code relais.dev-login.enabled}, off in the prod profile unless the launcher turns it on), answers callers on
 * this machine only, and refuses to start on a gateway bound beyond loopback ({@link LocalSignIn}). Limited per
 * client address like the API ({@code RateLimitFilter}).
 */
@Path("/dev/login")
@Tag(name = "Local sign-in")
@PermitAll
public class DevLoginResource {

    private final DevTokens tokens;
    private final Validator validator;

    public DevLoginResource(DevTokens tokens, Validator validator) {
        this.tokens = tokens;
        this.validator = validator;
    }

    /** Lets the sign-in page know whether to offer roles, or a place to paste a token. */
    @GET
    @Operation(summary = "LOCAL ONLY: whether this caller may use the local sign-in",
            description = "Local only: 204 when POST /dev/login would sign a token for this caller; 404 when the "
                    + "local sign-in is off, 403 when the caller is not on the gateway's machine.")
    @APIResponse(responseCode = "204", description = "The local sign-in is available")
    public void available(@Context HttpServerRequest http) {
        requireAvailable(http);
    }

    private void requireAvailable(HttpServerRequest http) {
        // Disabled means absent: 404 before anything about the caller or the body is said.
        if (!tokens.enabled()) {
            throw ProblemException.notFound("No such resource.");
        }
        // The connection's own address, never a forwarded one (which the client writes).
        if (!LocalSignIn.isLocalCaller(http)) {
            throw ProblemException.forbidden("The local sign-in answers callers on the gateway's own machine only:"
                    + " ask for a token (deploy/relais token) and paste it on the sign-in page.");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LOCAL ONLY: sign in as any role",
            description = "Local only, for the local platform and tests: signs a 12 h bearer token like "
                    + "`deploy/relais token`. Anonymous by nature; disabled (404) unless relais.dev-login.enabled=true, "
                    + "which a production deployment never sets; refused (403) to callers not on the gateway's machine.")
    public DevLoginToken login(DevLoginRequest request, @Context HttpServerRequest http) {
        requireAvailable(http);
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {role, patrolId?, facilityIds?} is required.");
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (Roles.PATROL.equals(request.role()) && request.patrolId() == null) {
            throw ProblemException.unprocessable("A patrol signs in with its patrolId.");
        }
        if (Roles.OPERATOR.equals(request.role()) && (request.facilityIds() == null || request.facilityIds().isEmpty())) {
            throw ProblemException.unprocessable("An operator signs in with at least one of its facilityIds.");
        }
        boolean patrol = Roles.PATROL.equals(request.role());
        boolean operator = Roles.OPERATOR.equals(request.role());
        DevTokens.Signed signed = tokens.sign(request.role(), patrol ? request.patrolId() : null,
                operator ? request.facilityIds() : null, Instant.now());
        return new DevLoginToken(signed.token(), signed.expiresAt());
    }
}
