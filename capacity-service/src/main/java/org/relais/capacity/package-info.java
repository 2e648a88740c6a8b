/** Relais capacity service. */
package org.relais.capacity;
