/** The audit trail: each service's entries, asked of every service and merged in one answer. */
package org.relais.gateway.audit;
