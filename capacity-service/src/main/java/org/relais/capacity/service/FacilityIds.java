package org.relais.capacity.service;

import org.relais.events.Ids;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Facility ids: short slugs, given by the caller or derived from the facility's name. */
public final class FacilityIds {

    private static final Pattern VALID = Pattern.compile(Ids.PATTERN);
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    private FacilityIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * "Halte de nuit Évangile" -> "halte-de-nuit-evangile". The same name always gives the same id, so
     * registering a facility twice is refused (409) rather than creating a twin. Null when nothing is left.
     */
    public static String fromName(String name) {
        String ascii = ACCENTS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        String slug = SEPARATORS.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = trimDashes(slug.length() > 64 ? slug.substring(0, 64) : slug);
        return isValid(slug) ? slug : null;
    }

    private static String trimDashes(String slug) {
        int start = 0;
        int end = slug.length();
        while (start < end && slug.charAt(start) == '-') {
            start++;
        }
        while (end > start && slug.charAt(end - 1) == '-') {
            end--;
        }
        return slug.substring(start, end);
    }
}
