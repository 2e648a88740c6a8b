/** Inbound Kafka consumers: patrols' placement requests, handed to {@code service}. */
package org.relais.referral.listener;
