package org.relais.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EligibilityTest {

    private static Eligibility open(Set<Gender> genders) {
        return new Eligibility(genders, true, true, true, true);
    }

    private static Needs gender(Gender gender) {
        return new Needs(gender, false, false, false, false);
    }

    @Test
    void aPersonWithoutAStatedGenderIsNeverPlacedInAWomenOnlyShelter() {
        assertFalse(open(Set.of(Gender.WOMAN)).accepts(gender(null)));
        assertFalse(open(Set.of(Gender.WOMAN)).accepts(null));
        assertFalse(open(Set.of(Gender.WOMAN, Gender.NON_BINARY)).accepts(gender(null)));
    }

    @Test
    void aPersonWithoutAStatedGenderGoesWhereEveryGenderIsWelcome() {
        assertTrue(open(Set.of()).accepts(gender(null)));
        assertTrue(open(EnumSet.allOf(Gender.class)).accepts(gender(null)));
        assertTrue(open(null).accepts(null));
    }

    @Test
    void aStatedGenderMatchesTheFacilitysList() {
        assertTrue(open(Set.of(Gender.WOMAN)).accepts(gender(Gender.WOMAN)));
        assertFalse(open(Set.of(Gender.WOMAN)).accepts(gender(Gender.MAN)));
        assertTrue(open(Set.of()).accepts(gender(Gender.MAN)));
    }

    @Test
    void otherNeedsStillCount() {
        Eligibility noPets = new Eligibility(Set.of(), true, false, true, true);
        assertFalse(noPets.accepts(new Needs(Gender.MAN, false, true, false, false)));
        assertTrue(noPets.accepts(new Needs(Gender.MAN, true, false, true, true)));
    }
}
