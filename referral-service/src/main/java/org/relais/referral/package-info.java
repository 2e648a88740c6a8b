/**
 * Relais referral-service: matches patrols' placement requests to open, suitable facilities and holds a place
 * atomically, keeps the waitlist, runs the referral lifecycle and computes the indicators.
 *
 * <p>Dependencies point one way (checked by {@code PackageDependenciesTest} in {@code testing/}): {@code rest} and
 * the inbound consumers ({@code listener}) use {@code service}, which uses {@code domain} and the outbound
 * {@code publishing}; nothing below uses what is above it, and no two packages use each other. {@code config} is read
 * by any of them.
 */
package org.relais.referral;
