package org.relais.bench.load;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One latency series (microsecond resolution, up to one hour), safe to record from any thread.
 * Negative values (an event seen before its request's answer was processed) count as zero.
 */
public final class Latency {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final String name;
    private final ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

    public Latency(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** Percentile in milliseconds (NaN when nothing was recorded). */
    public double percentileMillis(double percentile) {
        if (count() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    /** A stable copy, for reports and plots. */
    public Histogram snapshot() {
        return histogram.copy();
    }
}
