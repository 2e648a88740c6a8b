package org.relais.referral.domain;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import org.relais.events.FacilityKind;

/**
 * Coordinators' figures over {@code [from, to)}, counted from the transition history: each figure counts the
 * steps that happened in the window (requests by their request time). {@code unmet} are requests WAITLISTED
 * on arrival, for lack of a place (every waitlisting is one, so it equals {@code waitlisted}). Per kind means
 * per first kind asked for (the demand). {@code arrondissements} are those counted: the board's, or the one asked for.
 */
public record Indicators(
        Instant from,
        Instant to,
        List<String> arrondissements,
        Figures totals,
        List<ArrondissementFigures> byArrondissement,
        List<KindFigures> byKind,
        Current current,
        List<Hour> hourly) {

    /** Durations in seconds from the request; null when nothing was held (or arrived) in the window. */
    public record Figures(long requests, long held, long arrived, long waitlisted, long expired, long declined,
            long cancelled, long unmet, Double medianSecondsToHold, Double p90SecondsToHold,
            Double medianSecondsToArrival, Double p90SecondsToArrival) {

        public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null);
    }

    public record ArrondissementFigures(String arrondissement, @JsonUnwrapped Figures figures) {
    }

    public record KindFigures(FacilityKind kind, @JsonUnwrapped Figures figures) {
    }

    /** Right now, whatever the window. */
    public record Current(long activeHolds, long waitlist) {
    }

    /** One of the 24 hourly buckets ending at {@code to}; {@code hour} is the bucket's start. */
    public record Hour(Instant hour, long requests, long held, long arrived, long unmet) {
    }
}
