/** Relais gateway. */
package org.relais.gateway;
