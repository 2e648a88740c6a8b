package org.relais.referral.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The matching reach across the board's arrondissements (a unit test: no database, no broker). */
class ReachTest {

    /** Near the 18e/19e line (rue d'Aubervilliers), in the 19e. */
    private static final double LAT = 48.8840;
    private static final double LON = 2.3660;
    private static final int MAX = 2500;

    @Test
    void withAPositionTheWholeBoardWithinTheMaximumDistance() {
        Reach reach = new Reach("75019", LAT, LON, false, MAX);
        assertEquals(List.of("75019", "75018", "75020"), reach.arrondissements());
        assertTrue(reach.reaches("75018", 48.8880, 2.3560), "about 800 m across the line");
        assertFalse(reach.reaches("75020", 48.8600, 2.4000), "about 3.6 km away");
        assertTrue(reach.reaches("75019", 48.8600, 2.4000), "its own arrondissement, however far");
    }

    @Test
    void theEighteenthAndTheTwentiethAreNotAdjacent() {
        Reach located = new Reach("75018", 48.8850, 2.3600, false, MAX);
        Reach unlocated = new Reach("75018", null, null, false, MAX);
        assertEquals(List.of("75018", "75019"), unlocated.arrondissements());
        assertFalse(unlocated.reaches("75020", 48.8700, 2.3800));
        assertEquals(Reach.FARTHER, unlocated.tier("75020"));
        assertFalse(located.reaches("75020", null, null), "no distance, not next door");
        assertTrue(located.reaches("75020", 48.8700, 2.3800), "within 2.5 km: the board, by distance");
        assertEquals(List.of("75019", "75018", "75020"), new Reach("75019", null, null, false, MAX).arrondissements());
    }

    @Test
    void withoutAPositionTheRequestedArrondissementThenTheAdjacentOnes() {
        Reach reach = new Reach("75019", null, null, false, MAX);
        assertEquals(Reach.SAME, reach.tier("75019"));
        assertEquals(Reach.ADJACENT_TIER, reach.tier("75018"));
        assertEquals(Reach.ADJACENT_TIER, reach.tier("75020"));
        assertTrue(reach.reaches("75018", 48.95, 2.20), "no position: adjacency, not distance");
        assertNull(reach.distanceMeters(48.8880, 2.3560));
    }

    @Test
    void aFacilityWithoutCoordinatesOnlyNextDoor() {
        Reach reach = new Reach("75019", LAT, LON, false, MAX);
        assertTrue(reach.reaches("75018", null, null));
        assertTrue(reach.reaches("75019", null, null));
        assertNull(reach.distanceMeters(null, null));
    }

    @Test
    void sameArrondissementOnlyAndAreasOffTheBoardStayHome() {
        assertEquals(List.of("75019"), new Reach("75019", LAT, LON, true, MAX).arrondissements());
        assertFalse(new Reach("75019", LAT, LON, true, MAX).reaches("75018", 48.8880, 2.3560));
        assertEquals(List.of("00900"), new Reach("00900", LAT, LON, false, MAX).arrondissements());
        assertFalse(new Reach("00900", LAT, LON, false, MAX).reaches("75019", LAT, LON));
        assertFalse(new Reach("75019", LAT, LON, false, MAX).reaches("00900", LAT, LON));
        assertEquals(List.of("00900"), Reach.waitlistScope("00900"));
        assertEquals(Reach.BOARD, Reach.waitlistScope("75020"));
    }

    @Test
    void haversineDistance() {
        // Gare du Nord to Place de la République: about 1.6 km as the crow flies.
        assertEquals(1620, Reach.haversineMeters(48.8809, 2.3553, 48.8674, 2.3636), 50);
    }
}
