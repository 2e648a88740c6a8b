package org.relais.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
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

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(Problem.of(e.status(), e.title(), e.getMessage()));
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
        // Log the type and a reference only: an exception message may quote personal data.
        String reference = UUID.randomUUID().toString();
        LOG.errorf("unexpected %s (reference %s) at %s", e.getClass().getName(), reference, firstFrame(e));
        return respond(Problem.of(500, "Internal Server Error", "Unexpected error, reference " + reference + "."));
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

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
