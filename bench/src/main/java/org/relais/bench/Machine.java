package org.relais.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine the figures come from: they mean nothing without it. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the rest still says something.
        }
        String kernel = read("/proc/sys/kernel/osrelease");
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB memory, Linux %s, Java %s. Broker, database, services and "
                + "this load tool all share the machine.", Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                kernel, System.getProperty("java.version"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
