package org.relais.referral.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.relais.common.problem.ProblemException;

/**
 * A FHIR search's query parameters, read strictly: a parameter this server does not support is refused (400) rather
 * than ignored, because a partner who filters on it would otherwise take every match for a filtered answer. Refusals
 * name the parameter, never the value sent.
 */
public final class SearchParameters {

    /** Page size when the client gives none, and the most one page holds (a larger _count is lowered, as FHIR allows). */
    public static final int DEFAULT_COUNT = 20;
    public static final int MAX_COUNT = 100;
    /** The most ids one _id search may name. */
    public static final int MAX_IDS = 100;

    public static final String COUNT = "_count";
    public static final String ID = "_id";
    public static final String CURSOR = "_cursor";
    public static final String FORMAT = "_format";
    public static final String LAST_UPDATED = "_lastUpdated";

    /** FHIR's id type. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** A parameter name safe to quote back. */
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_:.\\-]{1,40}");
    private static final Set<String> JSON_FORMATS = Set.of("json", "application/json", "application/fhir+json");
    private static final Map<String, String> DATE_PREFIXES = Map.of("ge", ">=", "gt", ">", "le", "<=", "lt", "<");

    private final Map<String, List<String>> values;

    /** {@code supported}: the parameter names this search knows, besides {@code _format}. */
    public SearchParameters(Map<String, List<String>> query, List<String> supported) {
        Map<String, List<String>> known = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (name.equals(FORMAT)) {
                for (String format : parameter.getValue()) {
                    if (!JSON_FORMATS.contains(format.strip())) {
                        throw ProblemException.badRequest("_format: this server answers FHIR JSON only.");
                    }
                }
                continue;
            }
            if (!supported.contains(name)) {
                throw ProblemException.badRequest((PRINTABLE_NAME.matcher(name).matches()
                        ? "Unknown search parameter " + name + "." : "Unknown search parameter.")
                        + " Supported: " + String.join(", ", supported) + ", " + FORMAT + ".");
            }
            known.put(name, List.copyOf(parameter.getValue()));
        }
        this.values = known;
    }

    /** The one value of a parameter given at most once; null when absent. */
    public String single(String name) {
        List<String> given = values.get(name);
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw ProblemException.badRequest(name + " may be given once.");
        }
        String value = given.get(0).strip();
        if (value.isEmpty()) {
            throw ProblemException.badRequest(name + " must not be empty.");
        }
        return value;
    }

    /** The comma-separated values of a token parameter given at most once (any of them matches); null when absent. */
    public List<String> tokens(String name) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        for (String token : value.split(",", -1)) {
            if (token.isBlank()) {
                throw ProblemException.badRequest(name + " has an empty value in its list.");
            }
            tokens.add(token.strip());
        }
        return tokens;
    }

    /** _id: FHIR ids, at most {@link #MAX_IDS}; null when absent. */
    public List<String> ids() {
        List<String> ids = tokens(ID);
        if (ids == null) {
            return null;
        }
        if (ids.size() > MAX_IDS) {
            throw ProblemException.badRequest(ID + " may name at most " + MAX_IDS + " ids.");
        }
        if (!ids.stream().allMatch(id -> FHIR_ID.matcher(id).matches())) {
            throw ProblemException.badRequest(ID + " must list FHIR ids (letters, digits, '-' and '.', up to 64).");
        }
        return ids;
    }

    /** _count: 0 (the total only) to {@link #MAX_COUNT}; more is lowered to the maximum. */
    public int count() {
        String value = single(COUNT);
        if (value == null) {
            return DEFAULT_COUNT;
        }
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(COUNT + " must be a whole number.");
        }
        if (count < 0) {
            throw ProblemException.badRequest(COUNT + " must not be negative.");
        }
        return Math.min(count, MAX_COUNT);
    }

    /** A boolean token ({@code true} or {@code false}); null when absent. */
    public Boolean bool(String name) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name + " must be true or false.");
        };
    }

    /** One bound of a date search: {@code operator} is an SQL comparison. */
    public record Bound(String operator, Instant at) {
    }

    /**
     * A date parameter, each value a prefix ({@code ge}, {@code gt}, {@code le}, {@code lt}) and an instant with its
     * time zone, all to hold at once (e.g. {@code ge...&_lastUpdated=le...}); empty when absent.
     */
    public List<Bound> dateBounds(String name) {
        List<Bound> bounds = new ArrayList<>();
        for (String raw : values.getOrDefault(name, List.of())) {
            String value = raw.strip();
            String operator = value.length() > 2 ? DATE_PREFIXES.get(value.substring(0, 2)) : null;
            if (operator == null) {
                throw ProblemException.badRequest(name + " must start with ge, gt, le or lt, like ge2026-12-04T21:00:00Z.");
            }
            try {
                bounds.add(new Bound(operator, Instant.parse(value.substring(2))));
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest(name + " must be a prefix and an ISO-8601 instant with its time zone,"
                        + " like ge2026-12-04T21:00:00Z.");
            }
        }
        if (bounds.size() > 2) {
            throw ProblemException.badRequest(name + " may be given at most twice (a lower and an upper bound).");
        }
        return bounds;
    }

    /** The parameters as given (those this search knows), for the Bundle's links; {@code _cursor} left out. */
    public String queryWithout(String left) {
        return values.entrySet().stream()
                .filter(parameter -> !parameter.getKey().equals(left))
                .flatMap(parameter -> parameter.getValue().stream().map(value -> encode(parameter.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
    }

    /** A keyset cursor: the sort key of the last match of a page, opaque to the client. */
    public static String cursor(String... key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\n", key).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of {@code _cursor}, or null when absent; 400 unless it has {@code parts} parts. */
    public String[] cursorParts(int parts) {
        String value = single(CURSOR);
        if (value == null) {
            return null;
        }
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\n", -1);
            if (key.length == parts) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest(CURSOR + " is not a cursor this server gave: follow the Bundle's next link.");
    }

    public static boolean isFhirId(String id) {
        return id != null && FHIR_ID.matcher(id).matches();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
