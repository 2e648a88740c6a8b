/**
 * Relais patrol-service: patrols and their placement requests, the only service that sees a person code (and
 * keeps only its keyed hash), and each patrol's live stream of its referrals' statuses.
 *
 * <p>Dependencies point one way (checked by {@code PackageDependenciesTest} in {@code testing/}): {@code rest} and
 * the inbound consumers ({@code listener}) use {@code service}, which uses {@code domain} and the outbound
 * {@code publishing}; nothing below uses what is above it, and no two packages use each other. {@code config} is read
 * by any of them.
 */
package org.relais.patrol;
