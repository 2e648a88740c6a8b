package org.relais.bench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line: {@code bench|chaos [--quick] [--cluster] [--name value]...}. Every figure has a quick and a full default
 * (the targets' own, "Performance and resilience" in the README), any of which {@code --name value} overrides.
 */
public final class Options {

    private static final Set<String> FLAGS = Set.of("quick", "help", "cluster");

    private final String command;
    private final boolean quick;
    private final Map<String, String> values;

    private Options(String command, boolean quick, Map<String, String> values) {
        this.command = command;
        this.quick = quick;
        this.values = values;
    }

    public static Options parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: bench|chaos [--quick] [--option value]...");
        }
        Map<String, String> values = new HashMap<>();
        boolean quick = false;
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (FLAGS.contains(name)) {
                if ("quick".equals(name)) {
                    quick = true;
                } else {
                    values.put(name, "true");
                }
            } else {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                values.put(name, rest.get(++i));
            }
        }
        return new Options(args[0], quick, values);
    }

    public String command() {
        return command;
    }

    public boolean quick() {
        return quick;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String quickDefault, String fullDefault) {
        return values.getOrDefault(name, quick ? quickDefault : fullDefault);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int quickDefault, int fullDefault) {
        return Integer.parseInt(string(name, String.valueOf(quickDefault), String.valueOf(fullDefault)));
    }

    public double decimal(String name, double quickDefault, double fullDefault) {
        return Double.parseDouble(string(name, String.valueOf(quickDefault), String.valueOf(fullDefault)));
    }

    public List<Double> decimals(String name, String quickDefault, String fullDefault) {
        List<Double> result = new ArrayList<>();
        for (String s : string(name, quickDefault, fullDefault).split(",")) {
            if (!s.isBlank()) {
                result.add(Double.parseDouble(s.trim()));
            }
        }
        return result;
    }

    /** The sections to run (bench: floor, capacity, referrals, footprint). */
    public boolean runs(String section) {
        String only = values.get("only");
        return only == null || List.of(only.split(",")).contains(section);
    }

    /**
     * The platform: {@code --gateway}, {@code --capacity-url}, {@code --referral-url}, {@code --patrol-url},
     * {@code --database-prefix}, {@code --state} and {@code --launcher}, by default those of the live platform.
     */
    public Target target() {
        Path state = Path.of(values.getOrDefault("state", "deploy/.state")).toAbsolutePath();
        Path launcher = Path.of(values.getOrDefault("launcher", "deploy/relais")).toAbsolutePath();
        Map<String, String> services = Map.of(
                "capacity-service", values.getOrDefault("capacity-url", "http://127.0.0.1:8081"),
                "referral-service", values.getOrDefault("referral-url", "http://127.0.0.1:8082"),
                "patrol-service", values.getOrDefault("patrol-url", "http://127.0.0.1:8083"));
        return Target.fromEnvironment(values.getOrDefault("gateway", "http://127.0.0.1:8080"), services,
                values.getOrDefault("database-prefix", "relais_"), state, launcher);
    }
}
