package org.relais.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OpenLoopTest {

    /** A clock that only moves when the loop parks or an operation "takes time". */
    static final class FakeClock implements OpenLoop.Clock {
        long now = 1_000_000_000L;
        final List<Long> parks = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkUntil(long deadlineNanos) {
            parks.add(deadlineNanos);
            now = Math.max(now, deadlineNanos);
        }
    }

    @Test
    void firesAtFixedIntendedTimes() {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        List<Long> intended = new ArrayList<>();
        long fired = new OpenLoop(clock).run(100, Duration.ofSeconds(1), intended::add);
        assertEquals(100, fired);
        for (int i = 0; i < intended.size(); i++) {
            assertEquals(start + i * 10_000_000L, intended.get(i));
        }
    }

    @Test
    void aSlowOperationDoesNotShiftTheScheduleSoLatencyCountsTheWait() {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        List<Long> intended = new ArrayList<>();
        List<Long> actual = new ArrayList<>();
        new OpenLoop(clock).run(100, Duration.ofMillis(100), t -> {
            intended.add(t);
            actual.add(clock.now);
            if (intended.size() == 3) {
                clock.now += 45_000_000L; // the third send blocks the loop for 45 ms
            }
        });
        assertEquals(10, intended.size());
        // Intended times never move: ops 3..6 are late and carry their original time (no coordinated omission)...
        for (int i = 0; i < intended.size(); i++) {
            assertEquals(start + i * 10_000_000L, intended.get(i));
        }
        // ...and they fire at once, back to back, until the loop has caught up.
        assertEquals(start + 65_000_000L, actual.get(3));
        assertEquals(actual.get(3), actual.get(6));
        assertEquals(35_000_000L, actual.get(3) - intended.get(3));
        assertEquals(intended.get(7), actual.get(7));
    }

    @Test
    void stopsWhenAsked() {
        FakeClock clock = new FakeClock();
        int[] n = {0};
        long fired = new OpenLoop(clock).run(1_000, Duration.ofSeconds(10), t -> n[0]++, () -> n[0] >= 25);
        assertEquals(25, fired);
    }

    @Test
    void countsOperationsOfARun() {
        assertEquals(2_000, OpenLoop.count(200, Duration.ofSeconds(10)));
        assertEquals(1, OpenLoop.count(10, Duration.ofMillis(150)));
        assertEquals(33_333_333, OpenLoop.offsetNanos(1, 30));
    }
}
