package org.relais.bench.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Open-loop load: fires at fixed intended times (start + i / rate) whatever the system under test does.
 * A slow answer never delays the next send; when the firing thread itself falls behind, it fires the late
 * operations at once, each still carrying its original intended time. Latency measured from that intended
 * time therefore includes the queueing a real user would have seen (no coordinated omission).
 */
public final class OpenLoop {

    /** Time source, replaceable in tests. */
    public interface Clock {
        long nanoTime();

        void parkUntil(long deadlineNanos);

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkUntil(long deadlineNanos) {
                long wait;
                while ((wait = deadlineNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        };
    }

    private final Clock clock;

    public OpenLoop(Clock clock) {
        this.clock = clock;
    }

    public OpenLoop() {
        this(Clock.SYSTEM);
    }

    /** Number of operations a run at {@code ratePerSecond} for {@code duration} fires. */
    public static long count(double ratePerSecond, Duration duration) {
        return (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9);
    }

    /** Intended time of operation {@code i}, relative to the start, in nanoseconds. */
    public static long offsetNanos(long i, double ratePerSecond) {
        return Math.round(i * 1e9 / ratePerSecond);
    }

    /**
     * Fires {@code operation} with each intended time (in {@link Clock#nanoTime()} terms) until the duration
     * is over or {@code stop} says so. {@code operation} must not block: it starts an asynchronous call.
     *
     * @return the number of operations fired
     */
    public long run(double ratePerSecond, Duration duration, LongConsumer operation, BooleanSupplier stop) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        long total = count(ratePerSecond, duration);
        long start = clock.nanoTime();
        long fired = 0;
        for (long i = 0; i < total; i++) {
            if (stop.getAsBoolean()) {
                break;
            }
            long intended = start + offsetNanos(i, ratePerSecond);
            if (clock.nanoTime() < intended) {
                clock.parkUntil(intended);
            }
            operation.accept(intended);
            fired++;
        }
        return fired;
    }

    public long run(double ratePerSecond, Duration duration, LongConsumer operation) {
        return run(ratePerSecond, duration, operation, () -> false);
    }
}
