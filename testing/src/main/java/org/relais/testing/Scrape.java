package org.relais.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /q/metrics as an admin reads it, and the figures the ITs look for in it (Prometheus text format). */
public final class Scrape {

    /** A sample line: name, labels (whose quoted values may hold braces: uri="/api/facilities/{id}"), value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)$");

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    /** Scrapes the application under test with an admin token. */
    public static Scrape now() {
        return new Scrape(given().header("Authorization", TestTokens.bearer(TestTokens.admin())).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    public String text() {
        return text;
    }

    /**
     * The sum of the samples of {@code name} whose labels contain every one of {@code labels} (each like
     * {@code channel="referral-status"}); NaN when there is none, so that a metric gone missing fails a comparison.
     */
    public double sum(String name, String... labels) {
        Matcher m = SAMPLE.matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String set = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                found = true;
                sum += value(m.group(3));
            }
        }
        return found ? sum : Double.NaN;
    }

    private static double value(String sample) {
        return switch (sample) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(sample);
        };
    }

    /** True when at least one sample of {@code name} carries every one of {@code labels}. */
    public boolean has(String name, String... labels) {
        return !Double.isNaN(sum(name, labels));
    }
}
