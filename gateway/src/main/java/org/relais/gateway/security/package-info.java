/**
 * Who may do what at the gateway: the bearer-token check and path ownership for plain Vert.x routes, the local
 * sign-in's loopback rule, rate limits and stream quotas.
 */
package org.relais.gateway.security;
