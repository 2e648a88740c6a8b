package org.relais.gateway.live;

import java.util.List;

/**
 * Places in one arrondissement. {@code occupancy = (total - free) / total} (0 without places);
 * {@code nightPlaces} = places offered by facilities open at some moment of the coming night (22:00-07:00).
 */
public record ArrondissementCapacity(
        String arrondissement,
        int free,
        int held,
        int offered,
        int total,
        double occupancy,
        int nightPlaces,
        List<KindCapacity> kinds) {
}
