package org.relais.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CauseTypesTest {

    @Test
    void namesEveryLinkOfTheChainAndNoMessage() {
        Throwable failure = new IllegalStateException("holds a name: Jean",
                new RuntimeException("and another", new IOException("reset")));
        String types = ProblemMappers.causeTypes(failure);
        assertEquals("java.lang.IllegalStateException <- java.lang.RuntimeException <- java.io.IOException", types);
        assertFalse(types.contains("Jean"));
    }

    @Test
    void stopsOnACycle() {
        RuntimeException a = new RuntimeException();
        RuntimeException b = new RuntimeException(a);
        a.initCause(b);
        assertEquals(2, ProblemMappers.causeTypes(a).split(" <- ").length);
        // a cycle below the first link: cut after eight causes
        assertEquals(9, ProblemMappers.causeTypes(new IllegalStateException(a)).split(" <- ").length);
    }
}
