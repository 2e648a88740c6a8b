package org.relais.capacity.service;

/** Whether one caller may read a confidential facility's address and position. */
@FunctionalInterface
public interface AddressReader {

    /** Coordinators and admins: every address. */
    AddressReader EVERY = facilityId -> true;

    boolean mayRead(String facilityId);
}
