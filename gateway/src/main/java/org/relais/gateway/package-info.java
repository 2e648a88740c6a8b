/**
 * Relais gateway: the one door for people. Grouped by feature: {@code live} (the board from the facility topics,
 * its API and SSE stream), {@code proxy} (forwarding to the services by the route table), {@code security} (tokens,
 * ownership, rate and stream limits), {@code audit} (the audit trail of every service in one answer),
 * {@code devlogin} (the local sign-in), {@code opendata} (the HSDS feed), {@code site} (page addresses, the event
 * contract). {@code security} uses none of the others; {@code live}, {@code proxy} and {@code devlogin} use it,
 * {@code opendata} reads the board of {@code live} and {@code audit} the upstreams of {@code proxy}, never the
 * reverse (checked by {@code PackageDependenciesTest} in {@code testing/}).
 */
package org.relais.gateway;
