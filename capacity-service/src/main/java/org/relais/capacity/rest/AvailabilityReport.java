package org.relais.capacity.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * Body of {@code PUT /api/facilities/{id}/availability}: {@code free} places now, optionally a new
 * {@code total} and the moment counted ({@code asOf}, default now).
 */
public record AvailabilityReport(
        @NotNull @Min(0) @Max(FacilityInput.MAX_PLACES) Integer free,
        @Min(0) @Max(FacilityInput.MAX_PLACES) Integer total,
        Instant asOf) {
}
