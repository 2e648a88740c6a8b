package org.relais.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.relais.capacity.service.FacilityIds;

class FacilityIdsTest {

    @Test
    void derivesSlugsFromNames() {
        assertEquals("halte-de-nuit-evangile", FacilityIds.fromName("Halte de nuit « Évangile »"));
        assertEquals("csapa-18e", FacilityIds.fromName("  CSAPA 18e  "));
        assertEquals(64, FacilityIds.fromName("x".repeat(100)).length());
        assertEquals("a-b", FacilityIds.fromName("a" + " ".repeat(70) + "b"));
        assertNull(FacilityIds.fromName("!!!"));
        assertNull(FacilityIds.fromName("é"));
    }

    @Test
    void validatesIds() {
        assertTrue(FacilityIds.isValid("maraude-18-a"));
        assertFalse(FacilityIds.isValid("-leading-dash"));
        assertFalse(FacilityIds.isValid("UPPER"));
        assertFalse(FacilityIds.isValid("a"));
    }
}
