package org.relais.bench.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The faults, carried out by the project's launcher (deploy/relais) so that the chaos tool never guesses
 * how a process was started: {@code chaos --fault kill NAME} (kill -9 of a process it started, by pid file),
 * {@code chaos --fault start kafka}, {@code chaos --fault stop|start postgres}, and {@code restart SERVICE}; on a cluster
 * {@code chaos --fault start NAME} of a broker or an instance (kafka-2, gateway-1), which returns once it is ready.
 */
public final class Launcher {

    private final Path launcher;
    private final File log;

    public Launcher(Path launcher, Path log) {
        this.launcher = launcher;
        this.log = log.toFile();
    }

    public void kill(String process) throws IOException, InterruptedException {
        run(60, "chaos", "--fault", "kill", process);
    }

    public void startKafka() throws IOException, InterruptedException {
        run(120, "chaos", "--fault", "start", "kafka");
    }

    public void stopPostgres() throws IOException, InterruptedException {
        run(120, "chaos", "--fault", "stop", "postgres");
    }

    public void startPostgres() throws IOException, InterruptedException {
        run(120, "chaos", "--fault", "start", "postgres");
    }

    /** Starts a cluster's broker or instance again, and waits until it is started (a broker) or ready (an instance). */
    public void start(String process) throws IOException, InterruptedException {
        run(200, "chaos", "--fault", "start", process); // beyond the launcher's own wait (CLUSTER_START_SECONDS)
    }

    public void restart(String service) throws IOException, InterruptedException {
        run(150, "restart", service);
    }

    private void run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed (exit " + p.exitValue() + ", see " + log + ")");
        }
    }
}
