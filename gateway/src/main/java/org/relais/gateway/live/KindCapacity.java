package org.relais.gateway.live;

import org.relais.events.FacilityKind;

/** Places of one kind: {@code offered = free - held}, summed facility by facility (never below zero for any). */
public record KindCapacity(FacilityKind kind, int free, int held, int offered, int total) {
}
