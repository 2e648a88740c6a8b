package org.relais.testing.infrastructure;

import org.testcontainers.containers.GenericContainer;

/**
 * A started, ready server and where to reach it.
 *
 * @param container its container, stopped when the test JVM exits
 * @param address host:port for clients on this machine
 */
record Server(GenericContainer<?> container, String address) {
}
