/**
 * Tables and their queries: facilities, their counts, the count's history, held places; the rules of a count change
 * ({@link org.relais.capacity.domain.AvailabilityEntity}).
 */
package org.relais.capacity.domain;
