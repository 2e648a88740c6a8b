package org.relais.patrol.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code patrolId} path parameter must name a patrol the caller may see (403) and that exists (404), checked
 * before the method runs. Needed where the answer is a stream: its 200 and headers are sent before the stream
 * starts, too late for a 403 or a 404.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface KnownPatrol {
}
