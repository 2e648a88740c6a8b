/**
 * Outbound events, through the outbox: the facility state after each change, and the whole board again at start
 * (the compacted topic's repair).
 */
package org.relais.capacity.publishing;
