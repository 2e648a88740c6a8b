package org.relais.referral.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.relais.events.DeclineReason;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.OpeningSpan;

/**
 * The daily record's SQL: facility state samples, the referral figures of a night (from {@code referral_transition}),
 * and the stored rows. Plain SQL on the reactive pool, like the other indicators.
 */
@ApplicationScoped
public class DailyHistoryRepository {

    /** Advisory lock class of the daily record; the night (its epoch day) is the second key. */
    private static final int NIGHT_LOCK = 0x48495354;

    /**
     * A sample per state record, keyed by its own time and version: a redelivered record adds nothing, and a
     * republished one (no change, a later time) only when its version was never sampled.
     */
    private static final String INSERT_SAMPLE = """
            INSERT INTO facility_state_sample (facility_id, occurred_at, availability_version, name, kind, arrondissement,
                active, free, total, updated_at, reporting_interval_seconds, opening_hours)
            SELECT $1::text, $2::timestamptz, $3::bigint, $4::text, $5::text, $6::text, $7::boolean, $8::int, $9::int,
                   $10::timestamptz, $11::bigint, $12::text
            WHERE NOT ($13::boolean AND EXISTS (SELECT 1 FROM facility_state_sample
                                       WHERE facility_id = $1::text AND availability_version = $3::bigint))
            ON CONFLICT DO NOTHING""";

    /** Every sample but the latest of its facility before the cutoff. */
    private static final String PURGE_SAMPLES = """
            DELETE FROM facility_state_sample s
            WHERE s.occurred_at < $1
              AND EXISTS (SELECT 1 FROM facility_state_sample later
                          WHERE later.facility_id = s.facility_id AND later.occurred_at > s.occurred_at
                            AND later.occurred_at < $1)""";

    private static final String SAMPLES = """
            SELECT * FROM (
              SELECT DISTINCT ON (facility_id) * FROM facility_state_sample
              WHERE occurred_at <= $1 AND arrondissement = ANY($3)
              ORDER BY facility_id, occurred_at DESC, availability_version DESC) latest
            UNION ALL
            SELECT * FROM facility_state_sample WHERE occurred_at > $1 AND occurred_at <= $2 AND arrondissement = ANY($3)""";

    /**
     * One line per referral requested in the night on the board: where it was asked for, the kind of the facility that
     * last held it (else the first kind asked for), and its outcomes.
     */
    private static final String REFERRALS = """
            WITH r AS (
              SELECT t.referral_id, min(t.requested_at) AS requested_at, min(t.arrondissement) AS arrondissement,
                     min(t.kind) AS asked_kind,
                     min(t.occurred_at) FILTER (WHERE t.to_status = 'HELD') AS first_held_at,
                     (array_agg(t.facility_id ORDER BY t.occurred_at DESC, t.id DESC)
                        FILTER (WHERE t.to_status = 'HELD'))[1] AS held_facility,
                     min(t.occurred_at) FILTER (WHERE t.to_status = 'ARRIVED') AS arrived_at,
                     bool_or(t.to_status = 'EXPIRED') AS expired,
                     bool_or(t.to_status = 'CANCELLED') AS cancelled,
                     (array_agg(t.reason ORDER BY t.id DESC) FILTER (WHERE t.to_status = 'DECLINED'))[1] AS declined
              FROM referral_transition t
              WHERE t.requested_at >= $1 AND t.requested_at < $2 AND t.arrondissement = ANY($3)
              GROUP BY t.referral_id)
            SELECT r.arrondissement, COALESCE(f.kind, r.asked_kind) AS kind,
                   count(*) AS requests,
                   count(r.first_held_at) AS holds,
                   count(r.arrived_at) AS arrivals,
                   count(*) FILTER (WHERE r.first_held_at IS NULL) AS unmet,
                   count(*) FILTER (WHERE r.declined = 'NO_PLACE') AS declined_no_place,
                   count(*) FILTER (WHERE r.declined = 'NOT_ELIGIBLE') AS declined_not_eligible,
                   count(*) FILTER (WHERE r.declined = 'SAFETY') AS declined_safety,
                   count(*) FILTER (WHERE r.declined IS NOT NULL
                                    AND r.declined NOT IN ('NO_PLACE', 'NOT_ELIGIBLE', 'SAFETY')) AS declined_other,
                   count(*) FILTER (WHERE r.expired) AS expired,
                   count(*) FILTER (WHERE r.cancelled) AS cancelled,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.first_held_at - r.requested_at))
                     AS hold_median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.first_held_at - r.requested_at))
                     AS hold_p90,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.arrived_at - r.requested_at))
                     AS arrival_median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.arrived_at - r.requested_at))
                     AS arrival_p90
            FROM r LEFT JOIN facility_availability f ON f.facility_id = r.held_facility
            GROUP BY 1, 2""";

    private static final String COLUMNS = """
            day, arrondissement, kind, places, free_at_22, free_at_02, holds, arrivals, requests, unmet,
            declined_no_place, declined_not_eligible, declined_safety, declined_other, expired, cancelled,
            time_to_hold_median_seconds, time_to_hold_p90_seconds, time_to_arrival_median_seconds,
            time_to_arrival_p90_seconds, night_coverage_places, stale_reporters, stale_overdue_hours, computed_at""";

    /** Rewrites a row only when a figure changed: computed_at then says when the figures last changed. */
    private static final String UPSERT = """
            INSERT INTO daily_indicator (%s)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
            ON CONFLICT (day, arrondissement, kind) DO UPDATE SET
              places = EXCLUDED.places, free_at_22 = EXCLUDED.free_at_22, free_at_02 = EXCLUDED.free_at_02,
              holds = EXCLUDED.holds, arrivals = EXCLUDED.arrivals, requests = EXCLUDED.requests, unmet = EXCLUDED.unmet,
              declined_no_place = EXCLUDED.declined_no_place, declined_not_eligible = EXCLUDED.declined_not_eligible,
              declined_safety = EXCLUDED.declined_safety, declined_other = EXCLUDED.declined_other,
              expired = EXCLUDED.expired, cancelled = EXCLUDED.cancelled,
              time_to_hold_median_seconds = EXCLUDED.time_to_hold_median_seconds,
              time_to_hold_p90_seconds = EXCLUDED.time_to_hold_p90_seconds,
              time_to_arrival_median_seconds = EXCLUDED.time_to_arrival_median_seconds,
              time_to_arrival_p90_seconds = EXCLUDED.time_to_arrival_p90_seconds,
              night_coverage_places = EXCLUDED.night_coverage_places, stale_reporters = EXCLUDED.stale_reporters,
              stale_overdue_hours = EXCLUDED.stale_overdue_hours, computed_at = EXCLUDED.computed_at
            WHERE (daily_indicator.places, daily_indicator.free_at_22, daily_indicator.free_at_02, daily_indicator.holds,
                   daily_indicator.arrivals, daily_indicator.requests, daily_indicator.unmet,
                   daily_indicator.declined_no_place, daily_indicator.declined_not_eligible,
                   daily_indicator.declined_safety, daily_indicator.declined_other, daily_indicator.expired,
                   daily_indicator.cancelled, daily_indicator.time_to_hold_median_seconds,
                   daily_indicator.time_to_hold_p90_seconds, daily_indicator.time_to_arrival_median_seconds,
                   daily_indicator.time_to_arrival_p90_seconds, daily_indicator.night_coverage_places,
                   daily_indicator.stale_reporters, daily_indicator.stale_overdue_hours)
              IS DISTINCT FROM
                  (EXCLUDED.places, EXCLUDED.free_at_22, EXCLUDED.free_at_02, EXCLUDED.holds, EXCLUDED.arrivals,
                   EXCLUDED.requests, EXCLUDED.unmet, EXCLUDED.declined_no_place, EXCLUDED.declined_not_eligible,
                   EXCLUDED.declined_safety, EXCLUDED.declined_other, EXCLUDED.expired, EXCLUDED.cancelled,
                   EXCLUDED.time_to_hold_median_seconds, EXCLUDED.time_to_hold_p90_seconds,
                   EXCLUDED.time_to_arrival_median_seconds, EXCLUDED.time_to_arrival_p90_seconds,
                   EXCLUDED.night_coverage_places, EXCLUDED.stale_reporters, EXCLUDED.stale_overdue_hours)"""
            .formatted(COLUMNS);

    private final Pool pool;
    private final EventJson json;

    public DailyHistoryRepository(Pool pool, EventJson json) {
        this.pool = pool;
        this.json = json;
    }

    /** Samples a facility state record of the board (see {@link #INSERT_SAMPLE}). */
    public Uni<Void> sample(FacilityStateEvent event) {
        return sampleAll(List.of(event));
    }

    /** Samples these records of the board in their order, in one round trip (see {@link #INSERT_SAMPLE}). */
    public Uni<Void> sampleAll(List<FacilityStateEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(INSERT_SAMPLE).executeBatch(events.stream().map(this::sampleRow).toList()).replaceWithVoid();
    }

    private Tuple sampleRow(FacilityStateEvent event) {
        var facility = event.facility();
        var availability = event.availability();
        return Tuple.tuple(Arrays.asList(event.facilityId(), utc(event.occurredAt()),
                availability.version(), facility.name(), facility.kind().name(),
                facility.arrondissement(), facility.active(), availability.free(), availability.total(),
                utc(availability.updatedAt()), facility.reportingInterval().toSeconds(),
                json.write(facility.openingHours() == null ? List.of() : facility.openingHours()),
                event.type() == FacilityStateEvent.Type.STATE_REPUBLISHED));
    }

    public Uni<Integer> purgeSamplesBefore(Instant cutoff) {
        return pool.preparedQuery(PURGE_SAMPLES).execute(Tuple.of(utc(cutoff))).map(RowSet::rowCount);
    }

    /** Runs {@code work} in a transaction holding the night's advisory lock, with the database's time. */
    public <T> Uni<T> underNightLock(LocalDate day, Function<Locked, Uni<T>> work) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1, $2)").execute(Tuple.of(NIGHT_LOCK, (int) day.toEpochDay()))
                .chain(() -> connection.query("SELECT now() AS now").execute())
                .chain(rows -> work.apply(new Locked(connection, rows.iterator().next().getOffsetDateTime("now").toInstant()))));
    }

    /** A transaction holding a night's lock, and the database's time in it. */
    public record Locked(SqlConnection connection, Instant now) {
    }

    /** The database's time. */
    public Uni<Instant> now() {
        return pool.query("SELECT now() AS now").execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("now").toInstant());
    }

    public Uni<List<FacilityNight.Sample>> samples(SqlClient client, Night night, List<String> arrondissements) {
        return client.preparedQuery(SAMPLES)
                .execute(Tuple.of(utc(night.at22()), utc(night.at07()), arrondissements.toArray(String[]::new)))
                .map(rows -> {
                    List<FacilityNight.Sample> samples = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
                        samples.add(new FacilityNight.Sample(row.getString("facility_id"),
                                row.getOffsetDateTime("occurred_at").toInstant(), row.getLong("availability_version"),
                                row.getString("name"), row.getString("kind"), row.getString("arrondissement"),
                                row.getBoolean("active"), row.getInteger("free"), row.getInteger("total"),
                                updatedAt == null ? null : updatedAt.toInstant(), row.getLong("reporting_interval_seconds"),
                                List.of(json.read(row.getString("opening_hours"), OpeningSpan[].class))));
                    }
                    return samples;
                });
    }

    /** Referral figures of a night per (arrondissement, kind); rows without referrals are absent. */
    public Uni<Map<FacilityNight.Key, ReferralFigures>> referrals(SqlClient client, Night night, List<String> arrondissements) {
        return client.preparedQuery(REFERRALS)
                .execute(Tuple.of(utc(night.start()), utc(night.end()), arrondissements.toArray(String[]::new)))
                .map(rows -> {
                    Map<FacilityNight.Key, ReferralFigures> figures = new LinkedHashMap<>();
                    for (Row row : rows) {
                        Map<String, Integer> declined = new LinkedHashMap<>();
                        declined.put(DeclineReason.NO_PLACE.name(), row.getInteger("declined_no_place"));
                        declined.put(DeclineReason.NOT_ELIGIBLE.name(), row.getInteger("declined_not_eligible"));
                        declined.put(DeclineReason.SAFETY.name(), row.getInteger("declined_safety"));
                        declined.put(DeclineReason.OTHER.name(), row.getInteger("declined_other"));
                        figures.put(new FacilityNight.Key(row.getString("arrondissement"), row.getString("kind")),
                                new ReferralFigures(row.getInteger("holds"), row.getInteger("arrivals"),
                                        row.getInteger("requests"), row.getInteger("unmet"), declined,
                                        row.getInteger("expired"), row.getInteger("cancelled"),
                                        row.getDouble("hold_median"), row.getDouble("hold_p90"),
                                        row.getDouble("arrival_median"), row.getDouble("arrival_p90")));
                    }
                    return figures;
                });
    }

    /** What a night's referrals of one row came to. */
    public record ReferralFigures(int holds, int arrivals, int requests, int unmet, Map<String, Integer> declined,
            int expired, int cancelled, Double holdMedian, Double holdP90, Double arrivalMedian, Double arrivalP90) {

        public static ReferralFigures none() {
            Map<String, Integer> declined = new LinkedHashMap<>();
            for (DeclineReason reason : DeclineReason.values()) {
                declined.put(reason.name(), 0);
            }
            return new ReferralFigures(0, 0, 0, 0, declined, 0, 0, null, null, null, null);
        }
    }

    public Uni<Void> store(SqlConnection connection, List<DailyIndicator> rows, LocalDate day,
            List<StaleReporter> staleReporters) {
        List<Tuple> tuples = rows.stream().map(DailyHistoryRepository::tuple).toList();
        Uni<Void> upserted = connection.preparedQuery(UPSERT).executeBatch(tuples).replaceWithVoid();
        Uni<Void> stale = connection.preparedQuery("DELETE FROM daily_stale_reporter WHERE day = $1").execute(Tuple.of(day))
                .chain(() -> staleReporters.isEmpty() ? Uni.createFrom().voidItem() : connection.preparedQuery("""
                                INSERT INTO daily_stale_reporter (day, facility_id, name, arrondissement, kind, overdue_hours)
                                VALUES ($1, $2, $3, $4, $5, $6)""")
                        .executeBatch(staleReporters.stream().map(s -> Tuple.tuple(Arrays.asList(s.day(), s.facilityId(),
                                s.name(), s.arrondissement(), s.kind(), s.overdueHours()))).toList())
                        .replaceWithVoid());
        return upserted.chain(() -> stale);
    }

    /**
     * Audits a recompute asked by someone (the job's own passes are not audited: they change no input), in the night's
     * transaction: the same append-only trail as every other write (AuditTrail's table, on this transaction's connection).
     */
    public Uni<Void> audit(SqlConnection connection, String subject, String role, LocalDate day) {
        return connection.preparedQuery("""
                        INSERT INTO audit_entry (subject, role, action, target_type, target_id, facility_id, before_state,
                            after_state) VALUES ($1, $2, 'DAILY_HISTORY_RECOMPUTED', 'night', $3, NULL, NULL, $4)""")
                .execute(Tuple.of(subject, role, day.toString(), json.write(Map.of("day", day.toString()))))
                .replaceWithVoid();
    }

    public Uni<List<DailyIndicator>> rows(SqlClient client, LocalDate from, LocalDate to, String arrondissement,
            String kind) {
        return client.preparedQuery("SELECT " + COLUMNS + """
                         FROM daily_indicator
                        WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR arrondissement = $3)
                          AND ($4::text IS NULL OR kind = $4)
                        ORDER BY day, arrondissement, kind""")
                .execute(Tuple.of(from, to, arrondissement, kind))
                .map(rows -> {
                    List<DailyIndicator> list = new ArrayList<>();
                    rows.forEach(row -> list.add(indicator(row)));
                    return list;
                });
    }

    public Uni<List<StaleReporter>> staleReporters(LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                        SELECT r.day, r.facility_id, r.arrondissement, r.kind, r.overdue_hours,
                               -- A night sampled before names were (the migration's first samples) borrows the
                               -- facility's latest known name: a coordinator reads names, not ids.
                               COALESCE(r.name, (SELECT s.name FROM facility_state_sample s
                                                 WHERE s.facility_id = r.facility_id AND s.name IS NOT NULL
                                                 ORDER BY s.occurred_at DESC LIMIT 1)) AS name
                        FROM daily_stale_reporter r
                        WHERE r.day BETWEEN $1 AND $2 ORDER BY r.day, r.overdue_hours DESC, r.facility_id""")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<StaleReporter> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new StaleReporter(row.getLocalDate("day"), row.getString("facility_id"),
                            row.getString("name"), row.getString("arrondissement"), row.getString("kind"),
                            row.getDouble("overdue_hours"))));
                    return list;
                });
    }

    /** Nights of {@code [from, to]} without any row, newest first (the ones most read), at most {@code limit}. */
    public Uni<List<LocalDate>> nightsWithoutRows(LocalDate from, LocalDate to, int limit) {
        return pool.preparedQuery("""
                        SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') AS d
                        WHERE NOT EXISTS (SELECT 1 FROM daily_indicator i WHERE i.day = d::date)
                        ORDER BY d DESC LIMIT $3""")
                .execute(Tuple.of(from, to, limit))
                .map(rows -> {
                    List<LocalDate> days = new ArrayList<>();
                    rows.forEach(row -> days.add(row.getLocalDate("day")));
                    return days;
                });
    }

    public Pool pool() {
        return pool;
    }

    private static DailyIndicator indicator(Row row) {
        Map<String, Integer> declined = new LinkedHashMap<>();
        declined.put(DeclineReason.NO_PLACE.name(), row.getInteger("declined_no_place"));
        declined.put(DeclineReason.NOT_ELIGIBLE.name(), row.getInteger("declined_not_eligible"));
        declined.put(DeclineReason.SAFETY.name(), row.getInteger("declined_safety"));
        declined.put(DeclineReason.OTHER.name(), row.getInteger("declined_other"));
        return new DailyIndicator(row.getLocalDate("day"), row.getString("arrondissement"), row.getString("kind"),
                row.getInteger("places"), row.getInteger("free_at_22"), row.getInteger("free_at_02"),
                row.getInteger("holds"), row.getInteger("arrivals"), row.getInteger("requests"), row.getInteger("unmet"),
                declined, row.getInteger("expired"), row.getInteger("cancelled"),
                row.getDouble("time_to_hold_median_seconds"), row.getDouble("time_to_hold_p90_seconds"),
                row.getDouble("time_to_arrival_median_seconds"), row.getDouble("time_to_arrival_p90_seconds"),
                row.getInteger("night_coverage_places"), row.getInteger("stale_reporters"),
                row.getDouble("stale_overdue_hours"), row.getOffsetDateTime("computed_at").toInstant());
    }

    private static Tuple tuple(DailyIndicator row) {
        List<Object> values = new ArrayList<>();
        values.add(row.day());
        values.add(row.arrondissement());
        values.add(row.kind());
        values.add(row.places());
        values.add(row.freeAt22());
        values.add(row.freeAt02());
        values.add(row.holds());
        values.add(row.arrivals());
        values.add(row.requests());
        values.add(row.unmet());
        values.add(row.declined().get(DeclineReason.NO_PLACE.name()));
        values.add(row.declined().get(DeclineReason.NOT_ELIGIBLE.name()));
        values.add(row.declined().get(DeclineReason.SAFETY.name()));
        values.add(row.declined().get(DeclineReason.OTHER.name()));
        values.add(row.expired());
        values.add(row.cancelled());
        values.add(row.timeToHoldMedianSeconds());
        values.add(row.timeToHoldP90Seconds());
        values.add(row.timeToArrivalMedianSeconds());
        values.add(row.timeToArrivalP90Seconds());
        values.add(row.nightCoveragePlaces());
        values.add(row.staleReporters());
        values.add(row.staleOverdueHours());
        values.add(utc(row.computedAt()));
        return Tuple.tuple(values);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
