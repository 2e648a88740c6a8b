package org.relais.events;

import org.relais.tokens.Claims;

/** Facility and patrol ids: short lowercase slugs, the same alphabet in every service, token and topic key. */
public final class Ids {

    /** A whole id; usable in validation annotations. Defined with the tokens, which bind ids (patrol, facilities). */
    public static final String PATTERN = Claims.ID_PATTERN;

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && id.matches(PATTERN);
    }
}
