package org.relais.common.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** A refusal that the caller can understand and fix: mapped to a problem response with this status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, Object> members;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    private ProblemException(int status, String title, String detail, Map<String, Object> members) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.members = Map.copyOf(members);
    }

    /** The same refusal with RFC 9457 extension members (never personal data: they reach the caller as they are). */
    public ProblemException with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(members);
        more.put(name, value);
        return new ProblemException(status, title, getMessage(), more);
    }

    public Map<String, Object> members() {
        return members;
    }

    public Problem problem() {
        return Problem.of(status, title, getMessage()).with(members);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
