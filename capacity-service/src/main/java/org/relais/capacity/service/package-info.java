/**
 * Transactions: registering and describing facilities, reports, confirmations and arrivals, each audited and
 * published in the transaction that makes it; and the views of a facility that the API answers and the audit trail
 * keeps.
 */
package org.relais.capacity.service;
