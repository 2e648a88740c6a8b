package org.relais.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void quickAndFullDefaultsAndOverrides() {
        Options full = Options.parse("bench");
        assertEquals("bench", full.command());
        assertFalse(full.quick());
        assertEquals(1_000, full.integer("subscribers", 100, 1_000));
        Options quick = Options.parse("bench", "--quick", "--subscribers", "7", "--ingest-rates=100,200");
        assertTrue(quick.quick());
        assertEquals(7, quick.integer("subscribers", 100, 1_000));
        assertEquals(List.of(100.0, 200.0), quick.decimals("ingest-rates", "1", "2"));
        assertEquals(8.0, quick.decimal("referral-seconds", 8, 20));
    }

    @Test
    void selectsSections() {
        Options o = Options.parse("bench", "--only", "floor,footprint");
        assertTrue(o.runs("floor"));
        assertFalse(o.runs("capacity"));
        assertTrue(Options.parse("bench").runs("capacity"));
    }

    @Test
    void targetsTheLivePlatformUnlessToldOtherwise() {
        Target live = Options.parse("chaos").target();
        assertEquals("http://127.0.0.1:8081", live.serviceUrl("capacity-service"));
        assertEquals("http://127.0.0.1:8080", live.serviceUrl("gateway"));
        assertEquals("relais_referral", live.database("referral"));
        Target test = Options.parse("chaos", "--gateway", "http://127.0.0.1:18080", "--capacity-url", "http://127.0.0.1:18081",
                "--referral-url", "http://127.0.0.1:18082", "--patrol-url", "http://127.0.0.1:18083",
                "--database-prefix", "relais_e2e_").target();
        assertEquals("http://127.0.0.1:18083", test.serviceUrl("patrol-service"));
        assertEquals("http://127.0.0.1:18080", test.serviceUrl("gateway"));
        assertEquals("relais_e2e_capacity", test.database("capacity"));
    }

    @Test
    void refusesStrayArguments() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("bench", "quick"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("bench", "--subscribers"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse());
    }
}
