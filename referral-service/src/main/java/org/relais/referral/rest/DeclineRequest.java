package org.relais.referral.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The facility refusing a held referral must say why: the patrol sees it. */
public record DeclineRequest(@NotBlank @Size(max = 280) String reason) {
}
