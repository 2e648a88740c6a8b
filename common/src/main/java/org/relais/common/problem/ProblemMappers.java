package org.relais.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json}. Messages shown come from our own code or
 * name the offending field; raw input values and stack traces never reach the caller or the log.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Seconds a client should wait before retrying when a dependency is down (503). */
    public static final String RETRY_AFTER_SECONDS = "5";

    private final CurrentIdentityAssociation identities;
    private final List<FailureClassifier> classifiers;

    public ProblemMappers(CurrentIdentityAssociation identities, Instance<FailureClassifier> classifiers) {
        this.identities = identities;
        this.classifiers = classifiers.stream().toList();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return challenge();
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        // Expired, badly signed or unreadable: the same answer, the reason stays on our side.
        return challenge();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "This token's role may not do this."));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.problem());
        return e.status() == 503 ? Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build() : response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        return respond(new Problem("about:blank", "Bad Request", 400, "The request is not valid.", null, errors));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return respond(jsonProblem(e));
    }

    /**
     * Declared for this subtype too: quarkus-rest-jackson has a built-in mapper for it (an empty 400, or
     * Jackson's own text in dev and test), which would otherwise win over {@link #unreadable} as the closer type.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return respond(jsonProblem(e));
    }

    /**
     * An unknown path answers like a known one to a caller without a valid token (401), so that anonymous
     * callers cannot map the API; with a token it is a 404.
     */
    @ServerExceptionMapper
    public Uni<Response> notFound(NotFoundException e) {
        return identities.getDeferredIdentity()
                .map(identity -> identity.isAnonymous() ? challenge() : web(e))
                .onFailure().recoverWithItem(ProblemMappers::challenge);
    }

    /** The request body broke off while it was read (the caller went away or sent a broken stream). */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        if (classified(e) != null) {
            return unexpected(e);
        }
        LOG.infof("answered 400, request body unreadable: %s", e.getClass().getName());
        return respond(Problem.of(400, "Bad Request", "The request body could not be read."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(jsonProblem(json));
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = status.getStatusCode() == 404 ? "No such resource." : status.getReasonPhrase();
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Problem known = classified(e);
        if (known != null) {
            if (known.status() >= 500) {
                LOG.warnf("answered %d: %s", known.status(), known.detail());
                return Response.status(known.status()).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                        .entity(known).build();
            }
            return respond(known);
        }
        // Log the type and a reference only: an exception message may quote personal data.
        String reference = UUID.randomUUID().toString();
        LOG.errorf("unexpected %s (reference %s) at %s", causeTypes(e), reference, firstFrame(e));
        return respond(Problem.of(500, "Internal Server Error", "Unexpected error, reference " + reference + "."));
    }

    /** The cause chain's types, outermost first ("a <- b"): a wrapper alone (Hibernate's) does not say what failed. */
    static String causeTypes(Throwable e) {
        StringBuilder types = new StringBuilder(e.getClass().getName());
        int depth = 0;
        for (Throwable link = e.getCause(); link != null && link != e && depth++ < 8;
                link = link.getCause() == link ? null : link.getCause()) {
            types.append(" <- ").append(link.getClass().getName());
        }
        return types.toString();
    }

    /** The first answer a classifier gives for a link of the cause chain, or null. */
    private Problem classified(Throwable e) {
        for (Throwable link = e; link != null; link = link.getCause() == link ? null : link.getCause()) {
            for (FailureClassifier classifier : classifiers) {
                Problem problem = classifier.classify(link);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return fieldProblem(u, "unknown field");
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String type = ((MismatchedInputException) e).getTargetType() == null
                    ? "value" : ((MismatchedInputException) e).getTargetType().getSimpleName();
            return fieldProblem((JsonMappingException) e, "wrong type, expected " + type);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return fieldProblem(m, "invalid value");
        }
        return Problem.of(400, "Bad Request", "Malformed JSON.");
    }

    private static Problem fieldProblem(JsonMappingException e, String message) {
        String field = path(e);
        return new Problem("about:blank", "Bad Request", 400, "The request body is not valid: " + field + ": " + message + ".",
                null, List.of(new Problem.FieldError(field, message)));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String field(ConstraintViolation<?> v) {
        // Drop the method and parameter prefix ("update.body.free" -> "free").
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    private static String firstFrame(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }

    private static Response challenge() {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "Unauthorized", "A valid bearer token is required.")).build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
