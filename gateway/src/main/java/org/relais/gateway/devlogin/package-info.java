/** The local sign-in: a token for a chosen role, for loopback callers on one machine only. */
package org.relais.gateway.devlogin;
