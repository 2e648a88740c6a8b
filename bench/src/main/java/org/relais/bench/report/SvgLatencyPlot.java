package org.relais.bench.report;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.relais.bench.load.Latency;

/**
 * Latency by percentile, the usual HdrHistogram view: x is the percentile on a 1/(1-p) log scale (so the
 * tail gets room), y is latency in milliseconds on a log scale (the floor and the platform differ by
 * orders of magnitude). Plain SVG, no library.
 */
public final class SvgLatencyPlot {

    private static final String[] COLOURS = {
        "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666", "#1f78b4", "#b2df8a"
    };
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int RIGHT = 300;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    /** Up to 99.999th percentile. */
    private static final double MAX_X = 5;

    private SvgLatencyPlot() {
    }

    public static String render(String title, List<Latency> series) {
        double minMs = Double.MAX_VALUE;
        double maxMs = 0;
        for (Latency l : series) {
            Histogram h = l.snapshot();
            if (h.getTotalCount() == 0) {
                continue;
            }
            minMs = Math.min(minMs, Math.max(0.01, h.getMinValue() / 1000.0));
            maxMs = Math.max(maxMs, h.getMaxValue() / 1000.0);
        }
        if (maxMs == 0) {
            minMs = 0.1;
            maxMs = 1;
        }
        double yLow = Math.floor(Math.log10(minMs));
        double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(Math.max(maxMs, minMs * 1.01))));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title + ": latency by percentile")));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        // Grid and axes.
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int i = 0; i <= MAX_X; i++) {
            double x = LEFT + plotW * i / MAX_X;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 18, xLabels[i]));
        }
        for (double e = yLow; e <= yHigh; e++) {
            double y = TOP + plotH - plotH * (e - yLow) / (yHigh - yLow);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, formatMs(Math.pow(10, e))));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", LEFT + plotW / 2, HEIGHT - 18));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">latency (ms, log)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        int index = 0;
        for (Latency l : series) {
            Histogram h = l.snapshot();
            if (h.getTotalCount() == 0) {
                continue;
            }
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = Math.min(v.getPercentileLevelIteratedTo(), 99.999);
                double x = LEFT + plotW * Math.min(MAX_X, Math.log10(100.0 / (100.0 - p))) / MAX_X;
                double ms = Math.max(Math.pow(10, yLow), h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
                double y = TOP + plotH - plotH * (Math.log10(ms) - yLow) / (yHigh - yLow);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            int ly = TOP + 10 + index * 34;
            int lx = LEFT + plotW + 14;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n", lx, ly, lx + 18, ly, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 24, ly + 4, escape(shorten(l.name(), 40))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"11\">p50 %s ms, p99 %s ms, n=%d</text>%n",
                    lx + 24, ly + 18, Table.ms(l.percentileMillis(50)), Table.ms(l.percentileMillis(99)), l.count()));
            index++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String formatMs(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%s ms", ms >= 0.1 ? "0.1" : ms >= 0.01 ? "0.01" : "0.001");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
