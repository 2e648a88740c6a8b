/** Configuration mappings: the person-code key, the referral streams. */
package org.relais.patrol.config;
