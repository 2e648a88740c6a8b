/**
 * Inbound Kafka consumers: referral statuses (an arrival lowers a count; holds decide who may read a confidential
 * address). Each hands the event to {@code service}.
 */
package org.relais.capacity.listener;
