package org.relais.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void percentilesInMillisecondsAndNegativeAsZero() {
        Latency l = new Latency("x");
        assertTrue(Double.isNaN(l.percentileMillis(50)));
        for (int i = 1; i <= 100; i++) {
            l.recordNanos(i * 1_000_000L);
        }
        l.recordNanos(-5);
        assertEquals(101, l.count());
        assertEquals(50, l.percentileMillis(50), 0.1);
        assertEquals(99, l.percentileMillis(99), 0.1);
        assertEquals(100, l.maxMillis(), 0.1);
    }
}
