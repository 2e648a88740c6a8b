package org.relais.referral.domain;

import java.time.LocalDate;

/**
 * A facility whose count was overdue (the events' staleness rule) during a night's 22:00-07:00, and for how many hours
 * of it. A facility, never a person.
 */
public record StaleReporter(LocalDate day, String facilityId, String name, String arrondissement, String kind,
        double overdueHours) {
}
