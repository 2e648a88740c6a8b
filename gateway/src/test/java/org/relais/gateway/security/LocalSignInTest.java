package org.relais.gateway.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local sign-in's rules: loopback addresses, the caller's own address, and the refusal to start beyond loopback. */
class LocalSignInTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost",
            "LOCALHOST"})
    void loopbackAddresses(String host) {
        assertTrue(LocalSignIn.isLoopback(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.1", "128.0.0.1", "127.0.0.256",
            "::ffff:192.168.1.20", "fe80::1", "relais.example.org", "127.0.0.1.example.org", "localhost.example.org", "",
            " "})
    void everythingElseIsNot(String host) {
        assertFalse(LocalSignIn.isLoopback(host), host);
    }

    @Test
    void nothingIsNotLoopback() {
        assertFalse(LocalSignIn.isLoopback(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "relais.example.org"})
    void anEnabledSignInRefusesToStartBeyondLoopback(String host) {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> LocalSignIn.requireLoopbackBinding(true, host));
        assertTrue(refusal.getMessage().contains("quarkus.http.host is " + host), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("relais.dev-login.enabled"), refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "localhost"})
    void anEnabledSignInStartsOnLoopback(String host) {
        assertDoesNotThrow(() -> LocalSignIn.requireLoopbackBinding(true, host));
    }

    @Test
    void aDisabledSignInStartsAnywhere() {
        assertDoesNotThrow(() -> LocalSignIn.requireLoopbackBinding(false, "0.0.0.0"));
    }

    @Test
    void aCallerIsLocalByItsConnectionsAddressOnly() {
        assertTrue(LocalSignIn.isLocalCaller(request("127.0.0.1", Map.of())));
        assertTrue(LocalSignIn.isLocalCaller(request("0:0:0:0:0:0:0:1", Map.of())));
        assertFalse(LocalSignIn.isLocalCaller(request("192.168.1.20", Map.of())));
        // A forwarded address is written by the client: never believed.
        assertFalse(LocalSignIn.isLocalCaller(request("192.168.1.20", Map.of("X-Forwarded-For", "127.0.0.1"))));
        assertFalse(LocalSignIn.isLocalCaller(request("192.168.1.20", Map.of("Forwarded", "for=127.0.0.1"))));
        // Relayed by a proxy on this machine: it came from elsewhere.
        assertFalse(LocalSignIn.isLocalCaller(request("127.0.0.1", Map.of("X-Forwarded-For", "192.168.1.20"))));
        assertFalse(LocalSignIn.isLocalCaller(request("127.0.0.1", Map.of("forwarded", "for=192.168.1.20"))));
        assertFalse(LocalSignIn.isLocalCaller(request("127.0.0.1", Map.of("X-Real-IP", "192.168.1.20"))));
    }

    @Test
    void aRequestWithoutASocketAddressIsNotLocal() {
        assertFalse(LocalSignIn.isLocalCaller(request(null, Map.of())));
    }

    /** A request on a connection from {@code remote}, with these headers. */
    private static HttpServerRequest request(String remote, Map<String, String> headers) {
        SocketAddress address = remote == null ? null : SocketAddress.inetSocketAddress(40_000, remote);
        HttpConnection connection = (HttpConnection) Proxy.newProxyInstance(LocalSignInTest.class.getClassLoader(),
                new Class<?>[] {HttpConnection.class}, (proxy, method, args) -> {
                    assertEquals("remoteAddress", method.getName(), "only the connection's address is read");
                    return address;
                });
        MultiMap multiMap = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        return (HttpServerRequest) Proxy.newProxyInstance(LocalSignInTest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "connection" -> connection;
                    case "headers" -> multiMap;
                    default -> throw new AssertionError("not read: " + method.getName());
                });
    }
}
