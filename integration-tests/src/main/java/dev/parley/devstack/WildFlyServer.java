package dev.parley.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisioned WildFly ({@code ear/target/server}) run with its own base directory (configuration,
 * deployments, data, logs), so that several instances share one installation. All its ports are moved by
 * one offset.
 */
public final class WildFlyServer {

    /** Every port of the provisioned server before the offset is applied (7600: JGroups over TCP, on a cluster node). */
    public static final int[] BASE_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713, 7600};

    private static final String EAR = "parley.ear";

    private final Path home;
    private final Path baseDir;
    private final int portOffset;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Path log;
    private ManagedProcess process;

    public WildFlyServer(Path home, Path baseDir, int portOffset, Path log) {
        this.home = home;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
        this.log = log;
    }

    /** Gateway settings passed as system properties (MicroProfile Config reads them). */
    public WildFlyServer systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    /** Creates the base directory from the installation's pristine {@code standalone/} when it is missing. */
    public void prepareBaseDir() {
        if (!Files.exists(baseDir.resolve("configuration/standalone.xml"))) {
            Files2.copyTree(home.resolve("standalone"), baseDir);
        }
    }

    /**
     * Puts {@code parley.ear} in place; the deployment scanner (re)deploys it when its bytes changed.
     * Returns whether it changed.
     */
    public boolean deploy(Path ear) {
        return Files2.copyIfChanged(ear, baseDir.resolve("deployments").resolve(EAR));
    }

    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        process = ManagedProcess.start(command, home, Map.of(
                "LAUNCH_JBOSS_IN_BACKGROUND", "1",
                "JAVA_OPTS", "-Xms256m -Xmx2g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m"
                        + " -Djava.net.preferIPv4Stack=true"), log);
    }

    /**
     * Waits until the gateway is deployed and its readiness checks (database, Keycloak) are UP. A failed
     * deployment ends the wait at once with WildFly's own reason.
     */
    public void awaitReady(Duration timeout, Runnable progress) {
        Path failed = baseDir.resolve("deployments/" + EAR + ".failed");
        Http.awaitOk("WildFly", readinessUri(), timeout, () -> {
            if (Files.exists(failed)) {
                throw new StackException("parley.ear failed to deploy: " + readQuietly(failed));
            }
            return process.isAlive();
        }, progress);
    }

    /** Waits until {@code parley.ear} is deployed, whether or not the gateway is ready. */
    public void awaitDeployed(Duration timeout) {
        Path deployed = baseDir.resolve("deployments/" + EAR + ".deployed");
        Path failed = baseDir.resolve("deployments/" + EAR + ".failed");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(deployed)) {
            if (Files.exists(failed)) {
                throw new StackException("parley.ear failed to deploy: " + readQuietly(failed));
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new StackException("parley.ear was not deployed after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for the deployment");
            }
        }
    }

    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Kills the server as a crash would (tests of durability). */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public void attach(ManagedProcess running) {
        this.process = running;
    }

    public ManagedProcess process() {
        return process;
    }

    public int httpPort() {
        return 8080 + portOffset;
    }

    public int managementPort() {
        return 9990 + portOffset;
    }

    public URI gatewayUri() {
        return URI.create("http://localhost:" + httpPort() + "/parley/");
    }

    public URI readinessUri() {
        return URI.create("http://localhost:" + managementPort() + "/health/ready");
    }

    public URI livenessUri() {
        return URI.create("http://localhost:" + managementPort() + "/health/live");
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path home() {
        return home;
    }

    /** WildFly's own log file (the console log is {@link #log()}). */
    public Path serverLog() {
        return baseDir.resolve("log/server.log");
    }

    public Path log() {
        return log;
    }

    /** Ports offset so that every one of {@link #BASE_PORTS} is free, searched from {@code from} upwards. */
    public static int freePortOffset(int from) {
        for (int offset = from; offset < 50_000; offset += 7) {
            int candidate = offset;
            if (Ports.allFree(java.util.Arrays.stream(BASE_PORTS).map(port -> port + candidate).toArray())) {
                return candidate;
            }
        }
        throw new StackException("No free set of ports for WildFly");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(see " + file + ")";
        }
    }
}
