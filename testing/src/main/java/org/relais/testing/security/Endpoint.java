package org.relais.testing.security;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One endpoint of a rules table: method and path (placeholders such as {@code {id}} filled in by {@link #at}), and
 * what the request needs besides the caller's token (a body, a header). Named for the test report.
 */
public record Endpoint(String name, String method, String path, UnaryOperator<RequestSpecification> prepare) {

    /** Named after its method and path. */
    public static Endpoint of(String method, String path) {
        return of(method + " " + path, method, path);
    }

    public static Endpoint of(String name, String method, String path) {
        return new Endpoint(name, method, path, UnaryOperator.identity());
    }

    /** With a JSON body, made anew for every call. */
    public Endpoint body(Supplier<String> body) {
        return preparing(request -> request.contentType(ContentType.JSON).body(body.get()));
    }

    /** With whatever else {@code more} adds to the request. */
    public Endpoint preparing(UnaryOperator<RequestSpecification> more) {
        return new Endpoint(name, method, path, request -> more.apply(prepare.apply(request)));
    }

    /** The same endpoint with {@code placeholder} in its path replaced by {@code value}. */
    public Endpoint at(String placeholder, String value) {
        return new Endpoint(name, method, path.replace(placeholder, value), prepare);
    }

    public Response call(Caller caller) {
        return prepare.apply(caller.request()).request(method, path);
    }

    @Override
    public String toString() {
        return name;
    }
}
