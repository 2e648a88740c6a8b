/**
 * Inbound referral statuses: the status consumer (a consumer group) applies them in batches, and the stream feed
 * passes every change any instance commits (PostgreSQL NOTIFY) to this instance's patrol streams.
 */
package org.relais.patrol.listener;
