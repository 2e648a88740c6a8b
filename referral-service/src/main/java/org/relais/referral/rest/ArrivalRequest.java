package org.relais.referral.rest;

import org.relais.events.Ids;
import jakarta.validation.constraints.Pattern;

/** The facility confirming an arrival; {@code facilityId}, when given, must be the one holding the place. */
public record ArrivalRequest(
        @Pattern(regexp = Ids.PATTERN, message = "must be a facility id") String facilityId) {
}
