/**
 * Relais referral service: matches patrols' placement requests to open, suitable facilities and holds a
 * place atomically, keeps the waitlist, and runs the referral lifecycle.
 *
 * <p>Packages: {@code domain} (tables and queries), {@code service} (transactions and matching),
 * {@code messaging} (Kafka in, outbox out), {@code rest} (facility-side endpoints and indicators),
 * {@code config}.
 */
package org.relais.referral;
