/**
 * Transactions: patrols, placement requests (their input and the request event, published through the outbox in
 * the same transaction), statuses, the referral view patrols see, the streams and the purge of personal data.
 */
package org.relais.patrol.service;
