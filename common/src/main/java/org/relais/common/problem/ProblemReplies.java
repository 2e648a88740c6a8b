package org.relais.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;

/**
 * RFC 9457 problem responses for plain Vert.x routes (the gateway's stream and forwarding, the body limit),
 * which sit outside the JAX-RS exception mappers but must answer the same way.
 */
@Singleton
public class ProblemReplies {

    private final ObjectMapper mapper;

    public ProblemReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void send(HttpServerResponse response, Problem problem) {
        if (response.headWritten() || response.closed()) {
            response.reset();
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + problem.title() + "\",\"status\":" + problem.status() + "}";
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
