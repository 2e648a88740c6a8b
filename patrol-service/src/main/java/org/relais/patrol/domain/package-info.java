/** Tables and their queries: patrols, referrals, and which status may follow which. */
package org.relais.patrol.domain;
