package org.relais.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The count of open streams per subject: a cap, a place back per closed stream, and only one per stream. */
class StreamQuotaTest {

    private final StreamConfig threePerSubject = () -> 3;
    private final StreamQuota quota = new StreamQuota(threePerSubject, null);

    @Test
    void aSubjectGetsUpToItsCapAndAPlaceBackPerClosedStream() {
        List<StreamQuota.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(quota.take("busy").orElseThrow());
        }
        assertTrue(quota.take("busy").isEmpty());
        assertTrue(quota.take("other").isPresent(), "per subject");

        StreamQuota.Slot closed = slots.remove(0);
        closed.release();
        closed.release(); // closed twice (end and close handlers), given back once
        assertEquals(2, quota.open("busy"));
        Optional<StreamQuota.Slot> again = quota.take("busy");
        assertTrue(again.isPresent());
        assertTrue(quota.take("busy").isEmpty());

        again.get().release();
        slots.forEach(StreamQuota.Slot::release);
        assertEquals(0, quota.open("busy"));
    }
}
