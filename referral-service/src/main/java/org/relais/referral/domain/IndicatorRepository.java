package org.relais.referral.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.relais.events.FacilityKind;

/**
 * Read-only reporting queries, computed in PostgreSQL from {@code referral_transition} (which copies what it
 * needs from the referral, so purging referrals later keeps the figures). Plain SQL on the reactive pool:
 * these are aggregates, not entities.
 */
@ApplicationScoped
public class IndicatorRepository {

    private static final String SECONDS = "extract(epoch FROM occurred_at - requested_at)";

    private static final String FIGURES = """
            SELECT GROUPING(arrondissement) AS by_arrondissement, GROUPING(kind) AS by_kind, arrondissement, kind,
              count(*) FILTER (WHERE to_status = 'REQUESTED') AS requests,
              count(*) FILTER (WHERE to_status = 'HELD') AS held,
              count(*) FILTER (WHERE to_status = 'ARRIVED') AS arrived,
              count(*) FILTER (WHERE to_status = 'WAITLISTED') AS waitlisted,
              count(*) FILTER (WHERE to_status = 'EXPIRED') AS expired,
              count(*) FILTER (WHERE to_status = 'DECLINED') AS declined,
              count(*) FILTER (WHERE to_status = 'CANCELLED') AS cancelled,
              count(*) FILTER (WHERE from_status = 'REQUESTED' AND to_status = 'WAITLISTED') AS unmet,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s) FILTER (WHERE to_status = 'HELD') AS median_hold,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY %1$s) FILTER (WHERE to_status = 'HELD') AS p90_hold,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s) FILTER (WHERE to_status = 'ARRIVED') AS median_arrival,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY %1$s) FILTER (WHERE to_status = 'ARRIVED') AS p90_arrival
            FROM referral_transition
            WHERE occurred_at >= $1 AND occurred_at < $2 AND arrondissement = ANY($3)
            GROUP BY GROUPING SETS ((), (arrondissement), (kind))
            ORDER BY arrondissement, kind""".formatted(SECONDS);

    private static final String HOURLY = """
            SELECT b.hour,
              count(t.id) FILTER (WHERE t.to_status = 'REQUESTED') AS requests,
              count(t.id) FILTER (WHERE t.to_status = 'HELD') AS held,
              count(t.id) FILTER (WHERE t.to_status = 'ARRIVED') AS arrived,
              count(t.id) FILTER (WHERE t.from_status = 'REQUESTED' AND t.to_status = 'WAITLISTED') AS unmet
            FROM generate_series($1::timestamptz - interval '24 hours', $1::timestamptz - interval '1 hour',
                                 interval '1 hour') AS b(hour)
            LEFT JOIN referral_transition t ON t.occurred_at >= b.hour AND t.occurred_at < b.hour + interval '1 hour'
              AND t.arrondissement = ANY($2)
            GROUP BY b.hour
            ORDER BY b.hour""";

    private static final String CURRENT = """
            SELECT count(*) FILTER (WHERE status = 'HELD') AS active_holds,
                   count(*) FILTER (WHERE status = 'WAITLISTED') AS waitlist
            FROM referral WHERE status IN ('HELD', 'WAITLISTED') AND arrondissement = ANY($1)""";

    private final Pool pool;

    public IndicatorRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Totals, then per arrondissement and per kind, over {@code [from, to)}, of the requests made in
     * {@code arrondissements} (the request's, not the place's: demand is counted where it arose).
     */
    public Uni<Indicators> figures(Instant from, Instant to, List<String> arrondissements) {
        String[] scope = arrondissements.toArray(String[]::new);
        Uni<List<Row>> groups = pool.preparedQuery(FIGURES).execute(Tuple.of(utc(from), utc(to), scope)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
        Uni<List<Indicators.Hour>> hourly = pool.preparedQuery(HOURLY).execute(Tuple.of(utc(to), scope)).map(rows -> {
            List<Indicators.Hour> list = new ArrayList<>();
            rows.forEach(row -> list.add(new Indicators.Hour(row.getOffsetDateTime("hour").toInstant(),
                    row.getLong("requests"), row.getLong("held"), row.getLong("arrived"), row.getLong("unmet"))));
            return list;
        });
        Uni<Indicators.Current> current = pool.preparedQuery(CURRENT).execute(Tuple.of(scope)).map(rows -> {
            Row row = rows.iterator().next();
            return new Indicators.Current(row.getLong("active_holds"), row.getLong("waitlist"));
        });
        return Uni.combine().all().unis(groups, hourly, current).with((rows, hours, now) -> {
            Indicators.Figures totals = Indicators.Figures.NONE;
            List<Indicators.ArrondissementFigures> byArrondissement = new ArrayList<>();
            List<Indicators.KindFigures> byKind = new ArrayList<>();
            for (Row row : rows) {
                boolean overArrondissements = row.getInteger("by_arrondissement") == 1;
                boolean overKinds = row.getInteger("by_kind") == 1;
                if (overArrondissements && overKinds) {
                    totals = figures(row);
                } else if (overKinds) {
                    byArrondissement.add(new Indicators.ArrondissementFigures(row.getString("arrondissement"), figures(row)));
                } else {
                    byKind.add(new Indicators.KindFigures(FacilityKind.valueOf(row.getString("kind")), figures(row)));
                }
            }
            return new Indicators(from, to, arrondissements, totals, byArrondissement, byKind, now, hours);
        });
    }

    private static Indicators.Figures figures(Row row) {
        return new Indicators.Figures(row.getLong("requests"), row.getLong("held"), row.getLong("arrived"),
                row.getLong("waitlisted"), row.getLong("expired"), row.getLong("declined"), row.getLong("cancelled"),
                row.getLong("unmet"), row.getDouble("median_hold"), row.getDouble("p90_hold"),
                row.getDouble("median_arrival"), row.getDouble("p90_arrival"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
