/**
 * The live board: replayed from the compacted facility topics at start, kept current from them, answered by
 * {@code /api/capacity} and streamed over SSE to each reader for its area.
 */
package org.relais.gateway.live;
