/**
 * Relais capacity-service: the facilities and their counts of free places, as operators report them, and the
 * state of each facility published to {@code relais.facility-state}.
 *
 * <p>Dependencies point one way (checked by {@code PackageDependenciesTest} in {@code testing/}): {@code rest} and
 * the inbound consumers ({@code listener}) use {@code service}, which uses {@code domain} and the outbound
 * {@code publishing}; nothing below uses what is above it, and no two packages use each other. {@code config} is read
 * by any of them.
 */
package org.relais.capacity;
