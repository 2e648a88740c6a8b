/** Relais referral service. */
package org.relais.referral;
