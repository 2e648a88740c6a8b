/**
 * Outbound events, through the outbox: referral statuses and each facility's held places, and the held places
 * again at start (the compacted topic's repair).
 */
package org.relais.referral.publishing;
