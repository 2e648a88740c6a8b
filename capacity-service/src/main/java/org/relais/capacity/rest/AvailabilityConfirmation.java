package org.relais.capacity.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Optional body of {@code POST /api/facilities/{id}/availability/confirm}: {@code free}, the count the operator was
 * shown and confirms (checked against the current count).
 */
public record AvailabilityConfirmation(@Min(0) @Max(FacilityInput.MAX_PLACES) Integer free) {
}
