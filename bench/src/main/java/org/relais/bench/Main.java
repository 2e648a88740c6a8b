package org.relais.bench;

import org.relais.bench.chaos.ChaosRun;
import org.relais.bench.cli.Options;

/**
 * Entry point of the bench jar, run by the launcher:
 * {@code deploy/relais bench [--quick]} and {@code deploy/relais chaos [--quick]}.
 */
public final class Main {

    /** Held so the settings stick: java.util.logging keeps loggers weakly. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
            java.util.logging.Logger.getLogger("io.vertx"), java.util.logging.Logger.getLogger("io.netty"));

    private Main() {
    }

    public static void main(String[] args) {
        // Connections reset by a killed service are expected here; the tool reports them in its own figures.
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
        int code;
        try {
            Options options = Options.parse(args);
            code = switch (options.command()) {
                case "bench" -> new BenchRun(options).run();
                case "chaos" -> new ChaosRun(options).run();
                default -> throw new IllegalArgumentException("unknown command " + options.command() + " (bench or chaos)");
            };
        } catch (IllegalArgumentException e) {
            System.err.println("relais-bench: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("relais-bench: failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}
