package org.relais.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.relais.bench.cli.Target;

/**
 * RSS and CPU of the broker, each service, PostgreSQL (all its processes, by PSS) and the bench itself,
 * over a window: start a window, do something, stop it, read the figures.
 */
public final class Footprint {

    /** One process over one window: CPU as % of one core, RSS at the end and at most during the window. */
    public record Usage(String process, double cpuPercent, long rssBytes, long maxRssBytes) {
    }

    private final Target target;

    public Footprint(Target target) {
        this.target = target;
    }

    /** The processes measured, by name; the launcher's pid files say which pids. */
    public Map<String, List<Long>> processes() {
        Map<String, List<Long>> result = new LinkedHashMap<>();
        for (String name : List.of("kafka", "capacity-service", "referral-service", "patrol-service", "gateway")) {
            pidOf(name).ifPresent(pid -> result.put(name, List.of(pid)));
        }
        List<Long> postgres = postgresPids();
        if (!postgres.isEmpty()) {
            result.put("postgresql (all processes, PSS)", postgres);
        }
        result.put("bench (this tool)", List.of(ProcessHandle.current().pid()));
        return result;
    }

    /**
     * Waits until every service uses less than {@code percent} % of a core over a 2 s window, at most {@code max}: a
     * service just started still replays its topics (capacity-service reads the whole facility-state topic to find
     * what to publish again), which is start-up work, not idle. Returns the seconds waited, or -1 when still busy.
     */
    public double awaitQuiet(double percent, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < max.toNanos()) {
            Window w = start();
            Thread.sleep(2_000);
            boolean quiet = w.stop().stream()
                    .filter(u -> Target.serviceNames().contains(u.process()))
                    .allMatch(u -> u.cpuPercent() < percent);
            if (quiet) {
                return (System.nanoTime() - start) / 1e9;
            }
        }
        return -1;
    }

    public OptionalLong pidOf(String name) {
        Path file = target.pidFile(name);
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<Long> postgresPids() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> ProcessStats.command(pid).startsWith("postgres"))
                    .forEach(pids::add);
        } catch (IOException e) {
            // No /proc: no PostgreSQL figure.
        }
        return pids;
    }

    /** Starts sampling now; {@link Window#stop()} gives the usage since. */
    public Window start() {
        return new Window(processes());
    }

    public final class Window {
        private final Map<String, List<Long>> processes;
        private final Map<String, Long> startTicks = new LinkedHashMap<>();
        private final Map<String, Long> maxRss = new LinkedHashMap<>();
        private final long startNanos = System.nanoTime();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "footprint-sampler");
            t.setDaemon(true);
            return t;
        });

        private Window(Map<String, List<Long>> processes) {
            this.processes = processes;
            processes.forEach((name, pids) -> startTicks.put(name, ticks(pids)));
            sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            processes.forEach((name, pids) -> maxRss.merge(name, memory(name, pids), Math::max));
        }

        public List<Usage> stop() {
            sampler.shutdownNow();
            sample();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            List<Usage> result = new ArrayList<>();
            processes.forEach((name, pids) -> {
                long used = Math.max(0, ticks(pids) - startTicks.get(name));
                double cpu = 100.0 * used / ProcessStats.TICKS_PER_SECOND / seconds;
                result.add(new Usage(name, cpu, memory(name, pids), maxRss.getOrDefault(name, 0L)));
            });
            return result;
        }
    }

    private static long ticks(List<Long> pids) {
        return pids.stream().mapToLong(pid -> ProcessStats.cpuTicks(pid).orElse(0)).sum();
    }

    private static long memory(String name, List<Long> pids) {
        boolean proportional = name.startsWith("postgresql");
        return pids.stream().mapToLong(pid -> (proportional ? ProcessStats.pssBytes(pid) : ProcessStats.rssBytes(pid)).orElse(0)).sum();
    }
}
