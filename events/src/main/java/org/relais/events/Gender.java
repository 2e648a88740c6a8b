package org.relais.events;

/** Genders a facility accepts and a person may state. */
public enum Gender {
    WOMAN,
    MAN,
    NON_BINARY
}
