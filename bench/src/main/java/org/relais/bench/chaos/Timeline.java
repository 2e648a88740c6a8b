package org.relais.bench.chaos;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Timestamped notes of a chaos run (faults, recoveries, suspicious samples), written next to the figures. */
final class Timeline {

    private final long start = System.nanoTime();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    void note(String what) {
        lines.add(String.format(Locale.ROOT, "t+%7.2f s  %s", (System.nanoTime() - start) / 1e9, what));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
