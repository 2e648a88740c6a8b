package org.relais.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table: a header row and rows of cells, numbers formatted once here. */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** Milliseconds with a precision that suits their size; n/a for NaN. */
    public static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        if (millis < 100) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }
        return String.format(Locale.ROOT, "%.0f", millis);
    }

    static String format(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double d) {
            if (d.isNaN()) {
                return "n/a";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                    : String.format(Locale.ROOT, "%.2f", d);
        }
        if (cell instanceof Float f) {
            return format(f.doubleValue());
        }
        return cell.toString().replace("|", "\\|").replace("\n", " ");
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers)).append(" |\n");
        out.append("|");
        for (int i = 0; i < headers.size(); i++) {
            out.append(i == 0 ? " --- |" : " ---: |");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
