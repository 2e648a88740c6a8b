package org.relais.events;

/** Facility and patrol ids: short lowercase slugs, the same alphabet in every service, token and topic key. */
public final class Ids {

    /** A whole id; usable in validation annotations. */
    public static final String PATTERN = "^[a-z0-9][a-z0-9-]{1,63}$";

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && id.matches(PATTERN);
    }
}
