package org.relais.events;

/**
 * Why a facility declined a held place: a code, never free text, so that nothing an operator types about a
 * person reaches an event, a log or another service, and so that coordinators can count refusals by cause
 * (the audit of the crack plan asked for exactly that: refusals for lack of place).
 */
public enum DeclineReason {
    /** The place turned out not to be free after all. */
    NO_PLACE,
    /** The person does not meet the place's conditions (gender, couple, pet, wheelchair, active use). */
    NOT_ELIGIBLE,
    /** Safety of the person, the residents or the staff tonight. */
    SAFETY,
    OTHER
}
