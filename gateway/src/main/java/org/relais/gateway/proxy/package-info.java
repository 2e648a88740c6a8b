/**
 * Forwarding: which service owns which public path and who may call it ({@link org.relais.gateway.proxy.RouteTable}),
 * and the streaming reverse proxy that applies it.
 */
package org.relais.gateway.proxy;
