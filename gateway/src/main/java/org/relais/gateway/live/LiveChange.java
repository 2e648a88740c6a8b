package org.relais.gateway.live;

import java.util.Set;

/** What the live hot stream carries to every capacity subscriber. */
public sealed interface LiveChange {

    /**
     * One facility's new state, already rendered as a complete SSE {@code facility} event (rendered once,
     * written to every subscriber). {@code previousArrondissement} lets a subscriber of the old arrondissement
     * see a facility move away.
     */
    record FacilityFrame(String facilityId, String arrondissement, String previousArrondissement, byte[] frame)
            implements LiveChange {

        public boolean concerns(Set<String> arrondissements) {
            return arrondissements.contains(arrondissement)
                    || (previousArrondissement != null && arrondissements.contains(previousArrondissement));
        }
    }

    /** Time for a keep-alive comment. */
    record KeepAlive() implements LiveChange {
    }
}
