/** Configuration mappings and the service's own beans built from configuration. */
package org.relais.capacity.config;
