package org.relais.referral.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.relais.events.Availability;
import org.relais.events.OpeningHours;
import org.relais.events.OpeningSpan;

/**
 * A night's facility figures per board arrondissement and kind, from the facilities' state samples: the state of a
 * facility at a moment is its latest sample at or before it. A facility counts in the row of its arrondissement and kind
 * at that moment. Figures of a moment still to come (as of {@code now}, the database's clock) are null.
 *
 * <ul>
 * <li>{@code places}: total places of the facilities active at 22:00; {@code freeAt22}, {@code freeAt02}: their
 *     reported free places then (never above the total, never below zero), null when none had reported yet.</li>
 * <li>{@code nightCoveragePlaces}: places at 22:00 of the active facilities whose opening hours cover the whole
 *     22:00-07:00 (checked every 15 minutes; no hours means always open).</li>
 * <li>Stale reporters: active facilities whose count was overdue ({@link Availability#stale}) at some moment of
 *     22:00-07:00 (up to {@code now} for the night under way); {@code overdueHours}: how long it was, in hours.</li>
 * </ul>
 */
public final class FacilityNight {

    private static final Duration COVERAGE_STEP = Duration.ofMinutes(15);

    public record Sample(String facilityId, Instant occurredAt, long version, String name, String kind,
            String arrondissement, boolean active, int free, int total, Instant updatedAt, long reportingIntervalSeconds,
            List<OpeningSpan> openingHours) {

        int freeWithinTotal() {
            return Math.max(0, Math.min(free, total));
        }
    }

    public record Key(String arrondissement, String kind) {
    }

    public record Figures(Integer places, Integer freeAt22, Integer freeAt02, Integer nightCoveragePlaces,
            Integer staleReporters, Double staleOverdueHours) {
    }

    public record Result(Map<Key, Figures> rows, List<StaleReporter> staleReporters) {

        public Figures row(String arrondissement, String kind) {
            return rows.getOrDefault(new Key(arrondissement, kind), NONE);
        }
    }

    private static final Figures NONE = new Figures(null, null, null, null, null, null);

    private FacilityNight() {
    }

    private static final class Tally {
        int places;
        boolean known22;
        int free22;
        boolean known02;
        int free02;
        int coverage;
        int stale;
        long overdueSeconds;
    }

    /** {@code samples}: each facility's latest sample at or before 22:00, then every one up to 07:00. */
    public static Result compute(Night night, Instant now, List<Sample> samples) {
        Map<String, List<Sample>> byFacility = new TreeMap<>();
        for (Sample sample : samples) {
            byFacility.computeIfAbsent(sample.facilityId(), id -> new ArrayList<>()).add(sample);
        }
        byFacility.values().forEach(timeline -> timeline.sort((a, b) -> a.occurredAt().equals(b.occurredAt())
                ? Long.compare(a.version(), b.version()) : a.occurredAt().compareTo(b.occurredAt())));
        boolean reached22 = !now.isBefore(night.at22());
        boolean reached02 = !now.isBefore(night.at02());
        Instant until = now.isBefore(night.at07()) ? now : night.at07();
        Map<Key, Tally> tallies = new LinkedHashMap<>();
        List<StaleReporter> stale = new ArrayList<>();
        for (List<Sample> timeline : byFacility.values()) {
            Sample at22 = stateAt(timeline, night.at22());
            if (reached22 && at22 != null) {
                Tally tally = tallies.computeIfAbsent(key(at22), k -> new Tally());
                tally.known22 = true;
                if (at22.active()) {
                    tally.places += at22.total();
                    tally.free22 += at22.freeWithinTotal();
                    if (coversTheNight(at22.openingHours(), night)) {
                        tally.coverage += at22.total();
                    }
                }
            }
            Sample at02 = stateAt(timeline, night.at02());
            if (reached02 && at02 != null) {
                Tally tally = tallies.computeIfAbsent(key(at02), k -> new Tally());
                tally.known02 = true;
                if (at02.active()) {
                    tally.free02 += at02.freeWithinTotal();
                }
            }
            long overdue = reached22 ? overdueSeconds(timeline, night.at22(), until) : 0;
            if (overdue > 0) {
                Sample reference = at22 != null ? at22 : firstAfter(timeline, night.at22());
                Tally tally = tallies.computeIfAbsent(key(reference), k -> new Tally());
                tally.stale++;
                tally.overdueSeconds += overdue;
                stale.add(new StaleReporter(night.day(), reference.facilityId(), reference.name(),
                        reference.arrondissement(), reference.kind(), hours(overdue)));
            }
        }
        Map<Key, Figures> rows = new LinkedHashMap<>();
        tallies.forEach((key, tally) -> rows.put(key, new Figures(
                reached22 ? tally.places : null,
                reached22 && tally.known22 ? tally.free22 : null,
                reached02 && tally.known02 ? tally.free02 : null,
                reached22 ? tally.coverage : null,
                reached22 ? tally.stale : null,
                reached22 ? hours(tally.overdueSeconds) : null)));
        return new Result(rows, stale);
    }

    /** Figures of a row no facility appears in: zero places, free unknown. */
    public static Figures empty(Night night, Instant now) {
        boolean reached22 = !now.isBefore(night.at22());
        return new Figures(reached22 ? 0 : null, null, null, reached22 ? 0 : null, reached22 ? 0 : null,
                reached22 ? 0.0 : null);
    }

    private static Key key(Sample sample) {
        return new Key(sample.arrondissement(), sample.kind());
    }

    /** The latest sample at or before {@code at}; null when none. */
    static Sample stateAt(List<Sample> timeline, Instant at) {
        Sample state = null;
        for (Sample sample : timeline) {
            if (sample.occurredAt().isAfter(at)) {
                break;
            }
            state = sample;
        }
        return state;
    }

    private static Sample firstAfter(List<Sample> timeline, Instant at) {
        return timeline.stream().filter(s -> s.occurredAt().isAfter(at)).findFirst().orElseThrow();
    }

    /** Seconds of {@code [from, until)} during which the facility was active and its count stale. */
    static long overdueSeconds(List<Sample> timeline, Instant from, Instant until) {
        long seconds = 0;
        Instant segmentStart = from;
        Sample state = stateAt(timeline, from);
        for (Sample next : timeline) {
            if (!next.occurredAt().isAfter(from)) {
                continue;
            }
            if (!next.occurredAt().isBefore(until)) {
                break;
            }
            seconds += overdueIn(state, segmentStart, next.occurredAt());
            segmentStart = next.occurredAt();
            state = next;
        }
        return seconds + overdueIn(state, segmentStart, until);
    }

    private static long overdueIn(Sample state, Instant start, Instant end) {
        if (state == null || !state.active() || !end.isAfter(start)) {
            return 0;
        }
        Instant staleFrom = Availability.overdueAfter(state.updatedAt(),
                Duration.ofSeconds(state.reportingIntervalSeconds()));
        if (staleFrom == null) {
            return 0;
        }
        Instant overdueFrom = staleFrom.isAfter(start) ? staleFrom : start;
        return end.isAfter(overdueFrom) ? Duration.between(overdueFrom, end).toSeconds() : 0;
    }

    private static boolean coversTheNight(List<OpeningSpan> spans, Night night) {
        for (Instant t = night.at22(); t.isBefore(night.at07()); t = t.plus(COVERAGE_STEP)) {
            if (!OpeningHours.isOpen(spans, t)) {
                return false;
            }
        }
        return true;
    }

    private static double hours(long seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }
}
