package org.relais.capacity.service;

/** The audit trail's words for this service's writes. */
final class AuditActions {

    static final String FACILITY_REGISTERED = "FACILITY_REGISTERED";
    static final String FACILITY_UPDATED = "FACILITY_UPDATED";
    static final String AVAILABILITY_REPORTED = "AVAILABILITY_REPORTED";
    static final String AVAILABILITY_CONFIRMED = "AVAILABILITY_CONFIRMED";
    static final String FACILITY = "facility";
    static final String AVAILABILITY = "availability";

    private AuditActions() {
    }
}
