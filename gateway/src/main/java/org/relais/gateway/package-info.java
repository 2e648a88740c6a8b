/**
 * Relais gateway: the one door for people. Grouped by feature: {@code live} (the board from the facility topics,
 * its API and SSE stream), {@code proxy} (forwarding to the services by the route table), {@code security} (tokens,
 * ownership, rate and stream limits), {@code audit} (the audit trail of every service in one answer), {@code devlogin}
 * (the local sign-in), {@code opendata} (the HSDS feed), {@code site} (page addresses, the event contract). Features use
 * {@code security} and {@code live}, never the reverse (checked by {@code PackageDependenciesTest} in {@code testing/}).
 */
package org.relais.gateway;
