/** Relais patrol service. */
package org.relais.patrol;
