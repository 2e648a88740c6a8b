package org.relais.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads one process's memory and CPU time from /proc (Linux). CPU time is in clock ticks of
 * {@link #TICKS_PER_SECOND} (100 on every Linux the bench targets; USER_HZ is fixed by the kernel ABI).
 */
public final class ProcessStats {

    public static final int TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** Resident set size in bytes (VmRSS), empty when the process is gone. */
    public static OptionalLong rssBytes(long pid) {
        return kilobytesField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Proportional set size in bytes: shared pages divided among their users, so it adds up across processes. */
    public static OptionalLong pssBytes(long pid) {
        return kilobytesField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    }

    /** User + system CPU ticks consumed so far, empty when the process is gone. */
    public static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return OptionalLong.of(parseCpuTicks(stat));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** utime + stime of a /proc/PID/stat line (fields 14 and 15; the command name may hold spaces). */
    static long parseCpuTicks(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = afterName.trim().split("\\s+");
        // afterName starts at field 3 (state), so field N is f[N - 3].
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /** The command name (/proc/PID/comm). */
    public static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static OptionalLong kilobytesField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone, or not readable: no figure rather than a wrong one.
        }
        return OptionalLong.empty();
    }
}
