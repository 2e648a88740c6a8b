package org.relais.events;

import java.time.Instant;

/**
 * A facility's reported count: {@code free} unoccupied places (held places included: they are still
 * empty) out of {@code total}. {@code version} increases by one with every accepted change.
 */
public record Availability(int free, int total, Instant updatedAt, long version) {
}
