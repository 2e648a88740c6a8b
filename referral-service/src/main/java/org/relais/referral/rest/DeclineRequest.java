package org.relais.referral.rest;

import jakarta.validation.constraints.NotNull;
import org.relais.events.DeclineReason;

/** The facility refusing a held referral must say why, as a code: the patrol sees it, and nobody's words travel. */
public record DeclineRequest(@NotNull DeclineReason reason) {
}
