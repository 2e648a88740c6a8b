package org.relais.gateway.live;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.relais.common.problem.ProblemException;
import org.relais.events.FacilityKind;

/**
 * Filters of the live board. {@code arrondissements} empty means the configured ones; a kind or openNow of
 * null means any. Parsed from query parameters here, once, for both the JSON endpoint and the stream.
 */
public record CapacityQuery(FacilityKind kind, Set<String> arrondissements, Boolean openNow) {

    private static final Pattern POSTAL_CODE = Pattern.compile("^\\d{5}$");
    private static final String KINDS = Arrays.stream(FacilityKind.values()).map(Enum::name).collect(Collectors.joining(", "));

    public static final CapacityQuery ALL = new CapacityQuery(null, Set.of(), null);

    /**
     * {@code arrondissement} may be repeated or comma-separated ({@code 75018,75019}): a subscriber chooses
     * the arrondissements it shows. Invalid values are refused with a 400 problem that names the parameter.
     */
    public static CapacityQuery parse(String kind, List<String> arrondissement, String openNow) {
        return new CapacityQuery(parseKind(kind), parseArrondissements(arrondissement), parseOpenNow(openNow));
    }

    private static FacilityKind parseKind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return FacilityKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("kind must be one of " + KINDS + ".");
        }
    }

    private static Set<String> parseArrondissements(List<String> values) {
        Set<String> codes = new LinkedHashSet<>();
        if (values == null) {
            return codes;
        }
        for (String value : values) {
            for (String code : value.split(",")) {
                String trimmed = code.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!POSTAL_CODE.matcher(trimmed).matches()) {
                    throw ProblemException.badRequest("arrondissement must be a 5-digit postal code, e.g. 75018.");
                }
                codes.add(trimmed);
            }
        }
        return codes;
    }

    private static Boolean parseOpenNow(String openNow) {
        if (openNow == null || openNow.isBlank()) {
            return null;
        }
        return switch (openNow.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badRequest("openNow must be true or false.");
        };
    }
}
