/** Inbound Kafka consumer of facility states, handed to {@code service}. */
package org.relais.referral.messaging;
