package org.relais.bench.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bench traffic stays off the board: its areas are postal codes that do not exist. */
class BenchFacilitiesTest {

    private static final List<String> BOARD = List.of("75018", "75019", "75020");

    @Test
    void benchAreasAreNeverOnTheBoard() {
        assertEquals("00001", BenchFacilities.arrondissement(1));
        assertEquals("00999", BenchFacilities.arrondissement(999));
        for (int n = 1; n <= 999; n++) {
            String area = BenchFacilities.arrondissement(n);
            assertEquals(5, area.length(), area);
            assertFalse(BOARD.contains(area), area);
        }
        assertThrows(IllegalArgumentException.class, () -> BenchFacilities.arrondissement(0));
        assertThrows(IllegalArgumentException.class, () -> BenchFacilities.arrondissement(1000));
    }
}
