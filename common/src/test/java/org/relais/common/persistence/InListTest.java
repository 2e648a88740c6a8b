package org.relais.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InListTest {

    @Test
    void numbersAfterTheParametersAlreadyThere() {
        List<Object> parameters = new ArrayList<>(List.of("facility"));
        assertEquals("(?2, ?3)", InList.of(List.of("a", "b"), parameters));
        assertEquals(List.of("facility", "a", "b"), parameters);
    }

    @Test
    void padsToAPowerOfTwoWithTheLastValueAndDropsRepeats() {
        List<Object> parameters = new ArrayList<>();
        assertEquals("(?1, ?2, ?3, ?4)", InList.of(List.of("a", "b", "a", "c"), parameters));
        assertEquals(List.of("a", "b", "c", "c"), parameters);
        List<Object> five = new ArrayList<>();
        assertEquals(8, InList.of(List.of(1, 2, 3, 4, 5), five).split(",").length);
        assertEquals(List.of(1, 2, 3, 4, 5, 5, 5, 5), five);
    }

    @Test
    void refusesAnEmptyList() {
        assertThrows(IllegalArgumentException.class, () -> InList.of(List.of(), new ArrayList<>()));
    }
}
