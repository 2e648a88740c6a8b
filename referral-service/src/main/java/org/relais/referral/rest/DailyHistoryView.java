package org.relais.referral.rest;

import java.time.LocalDate;
import java.util.List;
import org.relais.referral.domain.DailyIndicator;

/** The daily record over {@code [from, to]} (night dates, inclusive), with what a night is. */
public record DailyHistoryView(LocalDate from, LocalDate to, String timeZone, String dayStartsAt,
        List<DailyIndicator> rows) {
}
