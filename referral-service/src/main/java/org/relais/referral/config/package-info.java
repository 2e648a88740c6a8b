/** Configuration mappings: holds, matching, waitlist, daily history. */
package org.relais.referral.config;
