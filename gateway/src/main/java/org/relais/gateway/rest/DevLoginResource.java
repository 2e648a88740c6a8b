package org.relais.gateway.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Roles;
import org.relais.gateway.service.DevTokens;

/**
 * The web views' local sign-in: anyone may ask for any role, which is why it exists only on a local platform
 * ({@code relais.dev-login.enabled}, off in the prod profile unless the launcher turns it on).
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LOCAL ONLY: sign in as any role",
            description = "Local only, for the local platform and tests: signs a 12 h bearer token like "
                    + "`deploy/relais token`. Anonymous by nature; disabled (404) unless relais.dev-login.enabled=true, "
                    + "which a production deployment never sets.")
    public DevLoginToken login(DevLoginRequest request) {
        // Disabled means absent: 404 before anything about the body is said.
        if (!tokens.enabled()) {
            throw ProblemException.notFound("No such resource.");
        }
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
