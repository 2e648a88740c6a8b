package org.relais.referral.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.relais.events.DeclineReason;
import org.relais.referral.domain.DailyIndicator;

/**
 * The daily record as RFC 4180 CSV: one header row of stable snake_case names (documented in the README), CRLF line
 * ends, a field quoted only when it must be, an empty field for an unknown figure. One column per decline reason.
 */
final class DailyCsv {

    private record Column(String name, Function<DailyIndicator, Object> value) {
    }

    private static final List<Column> COLUMNS = columns();

    private DailyCsv() {
    }

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>(List.of(
                new Column("day", DailyIndicator::day),
                new Column("arrondissement", DailyIndicator::arrondissement),
                new Column("kind", DailyIndicator::kind),
                new Column("places", DailyIndicator::places),
                new Column("free_at_22", DailyIndicator::freeAt22),
                new Column("free_at_02", DailyIndicator::freeAt02),
                new Column("holds", DailyIndicator::holds),
                new Column("arrivals", DailyIndicator::arrivals),
                new Column("requests", DailyIndicator::requests),
                new Column("unmet", DailyIndicator::unmet)));
        for (DeclineReason reason : DeclineReason.values()) {
            columns.add(new Column("declined_" + reason.name().toLowerCase(), row -> row.declined().get(reason.name())));
        }
        columns.addAll(List.of(
                new Column("expired", DailyIndicator::expired),
                new Column("cancelled", DailyIndicator::cancelled),
                new Column("time_to_hold_median_seconds", DailyIndicator::timeToHoldMedianSeconds),
                new Column("time_to_hold_p90_seconds", DailyIndicator::timeToHoldP90Seconds),
                new Column("time_to_arrival_median_seconds", DailyIndicator::timeToArrivalMedianSeconds),
                new Column("time_to_arrival_p90_seconds", DailyIndicator::timeToArrivalP90Seconds),
                new Column("night_coverage_places", DailyIndicator::nightCoveragePlaces),
                new Column("stale_reporters", DailyIndicator::staleReporters),
                new Column("stale_overdue_hours", DailyIndicator::staleOverdueHours),
                new Column("computed_at", DailyIndicator::computedAt)));
        return List.copyOf(columns);
    }

    static String write(List<DailyIndicator> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, COLUMNS.stream().map(Column::name).toList());
        for (DailyIndicator row : rows) {
            line(csv, COLUMNS.stream().map(column -> {
                Object value = column.value().apply(row);
                return value == null ? "" : value.toString();
            }).toList());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    private static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
