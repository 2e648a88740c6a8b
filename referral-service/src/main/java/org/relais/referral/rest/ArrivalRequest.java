package org.relais.referral.rest;

import jakarta.validation.constraints.Pattern;

/** The facility confirming an arrival; {@code facilityId}, when given, must be the one holding the place. */
public record ArrivalRequest(
        @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,63}$", message = "must be a facility id") String facilityId) {
}
