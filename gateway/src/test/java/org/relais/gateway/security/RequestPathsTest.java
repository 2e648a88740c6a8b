package org.relais.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One spelling per path, so that a check by path cannot be dodged by writing the path differently. */
class RequestPathsTest {

    @ParameterizedTest
    @CsvSource({
            "/api/capacity, /api/capacity",
            "//api/capacity, /api/capacity",
            "///api///capacity, /api/capacity",
            "/%61pi/capacity, /api/capacity",
            "/%2561pi/capacity, /api/capacity",
            "/./api/capacity, /api/capacity",
            "/%2e/api/capacity, /api/capacity",
            "/assets/../api/capacity, /api/capacity",
            "/assets/%2E%2E/api/capacity, /api/capacity",
            "/../../api/capacity, /api/capacity",
            "/api;x=1/capacity, /api/capacity",
            "/api%2Fcapacity, /api/capacity",
            "/dev/login/, /dev/login/",
            "/d%65v//login, /dev/login",
            "/, /",
            "'', /",
            "/patrol/, /patrol/",
            "/a%zz, /a%zz",
            "/caf%C3%A9, /café"})
    void canonicalSpelling(String path, String canonical) {
        assertEquals(canonical, RequestPaths.canonical(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api", "/api/", "/api/capacity", "/api/patrols/p-1/referrals/stream"})
    void apiPaths(String canonical) {
        assertTrue(RequestPaths.isApi(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apis", "/apifoo/capacity", "/assets/api/x", "/q/health/ready", "/dev/login"})
    void notApiPaths(String canonical) {
        assertFalse(RequestPaths.isApi(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/login", "/dev/login/"})
    void localSignInPaths(String canonical) {
        assertTrue(RequestPaths.isLocalSignIn(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/loginx", "/dev", "/login/", "/api/capacity"})
    void notLocalSignInPaths(String canonical) {
        assertFalse(RequestPaths.isLocalSignIn(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/open-data", "/open-data/", "/open-data/hsds/", "/open-data/hsds/services/x"})
    void openDataPaths(String canonical) {
        assertTrue(RequestPaths.isOpenData(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/open-datax", "/open", "/api/open-data", "/"})
    void notOpenDataPaths(String canonical) {
        assertFalse(RequestPaths.isOpenData(canonical));
    }
}
