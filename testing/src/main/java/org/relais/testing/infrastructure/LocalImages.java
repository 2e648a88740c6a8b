package org.relais.testing.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The images {@code deploy/relais containers up} builds where no registry is reachable (deploy/containers). Its
 * daemon has no bridge network (it never touches the host's firewall or bridges), so the containers share the host's
 * network: no port is exposed or mapped, each server listens on 127.0.0.1 on free ports picked here for this run, and
 * readiness is the image's own ready line (a port check would need a mapped port).
 */
final class LocalImages implements ServerImages {

    private static final Logger LOG = Logger.getLogger(LocalImages.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** The ports of the machine's platform and its servers (README "Ports"): never a test server's. */
    private static final Set<Integer> PLATFORM_PORTS = Set.of(5432, 9092, 9093, 8080, 8081, 8082, 8083);
    /** A port picked free may be taken before the container binds it: then once more, on other ports. */
    private static final int ATTEMPTS = 2;

    private final String postgresImage;
    private final String kafkaImage;

    LocalImages(String postgresImage, String kafkaImage) {
        this.postgresImage = postgresImage;
        this.kafkaImage = kafkaImage;
    }

    @Override
    public Server postgres() {
        return start(postgresImage, 1, ports -> new GenericContainer<>(DockerImageName.parse(postgresImage))
                .withEnv("PGPORT", Integer.toString(ports.get(0)))
                .withEnv("POSTGRES_PASSWORD", TestServers.PASSWORD)
                .waitingFor(Wait.forLogMessage(".*relais-postgres: ready.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(60))));
    }

    @Override
    public Server kafka() {
        return start(kafkaImage, 2, ports -> new GenericContainer<>(DockerImageName.parse(kafkaImage))
                .withEnv("KAFKA_PORT", Integer.toString(ports.get(0)))
                .withEnv("KAFKA_CONTROLLER_PORT", Integer.toString(ports.get(1)))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(120))));
    }

    @Override
    public String description() {
        return "images built on this machine (" + postgresImage + ", " + kafkaImage
                + ") on the host's network, on free ports of their own";
    }

    /** Starts the container on free ports; the first port is the one clients use. */
    private Server start(String image, int portCount, Function<List<Integer>, GenericContainer<?>> container) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Integer> ports = freePorts(portCount);
            GenericContainer<?> server = container.apply(ports)
                    .withNetworkMode("host")
                    .withLabel(TestServers.JVM_LABEL, TestServers.jvm());
            server.setExposedPorts(List.of());
            try {
                server.start();
                return new Server(server, LOOPBACK + ":" + ports.get(0));
            } catch (RuntimeException e) {
                server.stop();
                failure = e;
                LOG.warnf("%s did not start on port(s) %s: %s", image, ports, e.getMessage());
            }
        }
        throw new IllegalStateException("could not start " + image + " (images are built by `deploy/relais containers up`)",
                failure);
    }

    /** Ports nothing listens on now, all different: held open together while picked, then released for the server. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                held.add(socket);
                if (!PLATFORM_PORTS.contains(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is released all the same.
                }
            }
        }
    }
}
