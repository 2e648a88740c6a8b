package org.relais.referral.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One night's record for one board arrondissement and facility kind (see {@code DailyHistory} for what each figure
 * counts). Facility figures ({@code places} to {@code freeAt02}, {@code nightCoveragePlaces}) are null before their
 * moment has come; {@code freeAt22}/{@code freeAt02} also when no facility of the row had reported by then. Durations
 * are in seconds, null when nothing was held (or arrived). {@code declined} has every reason, zero or not.
 */
public record DailyIndicator(
        LocalDate day,
        String arrondissement,
        String kind,
        Integer places,
        Integer freeAt22,
        Integer freeAt02,
        int holds,
        int arrivals,
        int requests,
        int unmet,
        Map<String, Integer> declined,
        int expired,
        int cancelled,
        Double timeToHoldMedianSeconds,
        Double timeToHoldP90Seconds,
        Double timeToArrivalMedianSeconds,
        Double timeToArrivalP90Seconds,
        Integer nightCoveragePlaces,
        Integer staleReporters,
        Double staleOverdueHours,
        Instant computedAt) {
}
