package org.relais.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the body of every error response of Relais. {@code errors} lists the
 * offending fields of a rejected body; it never echoes the values sent (they may be personal data).
 * {@code extensions} are RFC 9457 extension members, written beside the standard ones (e.g. the id of the
 * referral a conflicting request collides with).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }

    public Problem with(Map<String, Object> members) {
        return new Problem(type, title, status, detail, instance, errors, members);
    }

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }
}
