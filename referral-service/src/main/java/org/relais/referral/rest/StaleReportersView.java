package org.relais.referral.rest;

import java.time.LocalDate;
import java.util.List;
import org.relais.referral.domain.StaleReporter;

/** Facilities whose count was overdue during the nights of {@code [from, to]}. */
public record StaleReportersView(LocalDate from, LocalDate to, List<StaleReporter> rows) {
}
