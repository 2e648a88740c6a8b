package org.relais.referral.domain;

import org.relais.events.FacilityKind;
import org.relais.events.Needs;

/** What some waitlisted referral asks for: one of its accepted kinds and its needs (no id: only whether it fits). */
public record WaitingNeeds(FacilityKind kind, Needs needs) {
}
