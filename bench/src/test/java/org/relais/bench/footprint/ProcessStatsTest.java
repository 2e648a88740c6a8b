package org.relais.bench.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void parsesCpuTicksEvenWithSpacesAndParenthesesInTheName() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertEquals(1234 + 567, ProcessStats.parseCpuTicks(stat));
    }

    @Test
    void readsThisProcess() {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcessStats.rssBytes(pid).orElse(0) > 1024 * 1024);
        assertTrue(ProcessStats.cpuTicks(pid).isPresent());
        assertTrue(ProcessStats.rssBytes(Long.MAX_VALUE).isEmpty());
    }
}
