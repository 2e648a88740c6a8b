/**
 * The HTTP API ({@code /api/facilities}): inputs, their validation, who may call what; the work is
 * {@code service}'s.
 */
package org.relais.capacity.rest;
