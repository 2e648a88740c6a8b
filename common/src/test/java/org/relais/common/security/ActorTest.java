package org.relais.common.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relais.common.problem.ProblemException;

class ActorTest {

    @Test
    void aTokenThatIsBothCoordinatorAndOperatorStillActsForItsFacilities() {
        Actor both = new Actor("ops-lead", Roles.COORDINATOR, Set.of(Roles.COORDINATOR, Roles.OPERATOR), null,
                Set.of("halte-nuit-myrha"));
        assertDoesNotThrow(() -> both.requireFacility("halte-nuit-myrha"));
        assertEquals(403, assertThrows(ProblemException.class, () -> both.requireFacility("another")).status());
    }

    @Test
    void aCoordinatorAloneActsForNoFacilityAndNoPatrol() {
        Actor coordinator = new Actor("c", Roles.COORDINATOR, Set.of(Roles.COORDINATOR), "p-1", Set.of("f-1"));
        assertThrows(ProblemException.class, () -> coordinator.requireFacility("f-1"));
        assertThrows(ProblemException.class, () -> coordinator.requirePatrol("p-1"));
    }

    @Test
    void aPatrolActsOnlyForItsOwnPatrol() {
        Actor patrol = new Actor("p", Roles.PATROL, Set.of(Roles.PATROL), "p-1", Set.of());
        assertDoesNotThrow(() -> patrol.requirePatrol("p-1"));
        assertThrows(ProblemException.class, () -> patrol.requirePatrol("p-2"));
        assertThrows(ProblemException.class, () -> patrol.requirePatrol(null));
    }
}
