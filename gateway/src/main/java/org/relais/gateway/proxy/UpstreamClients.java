package org.relais.gateway.proxy;

import io.vertx.core.http.HttpClientOptions;

/** The settings every HTTP client of the gateway's services shares (the proxy's, its streams', the audit fan-out's). */
public final class UpstreamClients {

    private UpstreamClients() {
    }

    /** Connect timeout, and pooled connections that the gateway itself closes once idle for the keep-alive timeout. */
    public static HttpClientOptions options(UpstreamConfig upstream) {
        return new HttpClientOptions()
                .setConnectTimeout((int) upstream.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) upstream.keepAliveTimeout().toSeconds());
    }
}
