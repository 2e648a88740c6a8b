package org.relais.bench.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One scrape of a service's /q/metrics (Prometheus text format 0.0.4), and what the bench reads from it: sums of
 * counters over series, the difference between two scrapes, and quantiles from histogram buckets.
 */
public final class Prometheus {

    /** One sample line: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static Prometheus empty() {
        return new Prometheus(List.of());
    }

    public List<Sample> samples() {
        return samples;
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** Parses the text format; comments, blank lines and lines it cannot read are skipped. */
    public static Prometheus parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample s = parseLine(line);
            if (s != null) {
                out.add(s);
            }
        }
        return new Prometheus(out);
    }

    static Sample parseLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (i < n && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
                    return null;
                }
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < n && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                if (j >= n) {
                    return null;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (i < n && line.charAt(i) == ',') {
                    i++;
                }
            }
            if (i >= n) {
                return null;
            }
            i++; // '}'
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, Collections.unmodifiableMap(labels), value(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** Sum of the samples of {@code name} whose labels pass {@code filter}; NaN when there is none. */
    public double sum(String name, Predicate<Sample> filter) {
        double sum = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name().equals(name) && filter.test(s) && !Double.isNaN(s.value())) {
                sum += s.value();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    public double sum(String name) {
        return sum(name, s -> true);
    }

    /** Largest sample of {@code name} (a gauge over several clients); NaN when there is none. */
    public double max(String name) {
        double max = Double.NaN;
        for (Sample s : samples) {
            if (s.name().equals(name) && !Double.isNaN(s.value()) && (Double.isNaN(max) || s.value() > max)) {
                max = s.value();
            }
        }
        return max;
    }

    /**
     * This scrape less an earlier one, sample by sample (counters and histogram buckets become what happened between
     * the two; a series absent before counts from 0). A counter that went down (the service restarted) keeps its
     * value since the restart.
     */
    public Prometheus minus(Prometheus before) {
        Map<String, Double> earlier = new java.util.HashMap<>();
        for (Sample s : before.samples) {
            earlier.put(key(s), s.value());
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            double was = earlier.getOrDefault(key(s), 0.0);
            double delta = s.value() >= was ? s.value() - was : s.value();
            out.add(new Sample(s.name(), s.labels(), delta));
        }
        return new Prometheus(out);
    }

    private static String key(Sample s) {
        return s.name() + s.labels();
    }

    /**
     * Cumulative bucket counts of histogram {@code name} (its {@code name_bucket} samples) summed over the series that
     * pass {@code filter}, by upper bound.
     */
    public TreeMap<Double, Double> buckets(String name, Predicate<Sample> filter) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name + "_bucket") && filter.test(s) && s.labels().containsKey("le")) {
                buckets.merge(value(s.label("le")), s.value(), Double::sum);
            }
        }
        return buckets;
    }

    /**
     * The {@code q} quantile (0..1) of cumulative buckets, interpolated linearly within the bucket it falls in, as
     * Prometheus' histogram_quantile does; the highest finite bound when it falls in the +Inf bucket; NaN with no
     * observation.
     */
    public static double quantile(TreeMap<Double, Double> buckets, double q) {
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        double total = buckets.lastEntry().getValue();
        if (!(total > 0)) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = b.getValue() - lowerCount;
                return inBucket <= 0 ? b.getKey()
                        : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }
}
