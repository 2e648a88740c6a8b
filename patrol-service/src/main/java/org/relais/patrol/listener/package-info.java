/**
 * Inbound Kafka consumers of referral statuses: one applies them (a consumer group), the other feeds the
 * patrols' live streams on this instance.
 */
package org.relais.patrol.listener;
