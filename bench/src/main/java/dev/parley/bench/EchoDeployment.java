package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Deploys {@code dev.parley.bench.echo.EchoEndpoint} as {@code parley-bench-echo.war} into the dev stack's WildFly through its deployment
 * scanner ({@code $PARLEY_DEV_HOME/wildfly/standalone/deployments}, or {@code PARLEY_BENCH_DEPLOYMENTS}) and removes it
 * again on {@link #close()}. The WAR is assembled here from the compiled class, so nothing of it ships with Parley.
 */
final class EchoDeployment implements AutoCloseable {

    static final String NAME = "parley-bench-echo.war";
    private static final long DEPLOY_SECONDS = 60;

    private final Path deployments;
    private final URI endpoint;

    private EchoDeployment(Path deployments, URI endpoint) {
        this.deployments = deployments;
        this.endpoint = endpoint;
    }

    /** The deployed echo endpoint, or empty (with the reason printed) when no deployments directory is known. */
    static Optional<EchoDeployment> deploy(URI gateway) throws IOException, InterruptedException {
        Path deployments = deploymentsDirectory();
        if (!Files.isDirectory(deployments)) {
            System.out.println("  no WildFly deployments directory at " + deployments + " (set PARLEY_BENCH_DEPLOYMENTS): no echo ceiling");
            return Optional.empty();
        }
        Files.deleteIfExists(deployments.resolve(NAME + ".failed"));
        Path staged = deployments.resolve(NAME + ".tmp");
        writeWar(staged);
        Files.move(staged, deployments.resolve(NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + DEPLOY_SECONDS * 1_000_000_000L;
        while (!Files.exists(deployments.resolve(NAME + ".deployed"))) {
            if (Files.exists(deployments.resolve(NAME + ".failed"))) {
                throw new IllegalStateException("WildFly refused " + NAME + ": " + Files.readString(deployments.resolve(NAME + ".failed")));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(NAME + " not deployed after " + DEPLOY_SECONDS + " s (is the deployment scanner on?)");
            }
            Thread.sleep(200);
        }
        URI echo = URI.create(gateway.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/parley-bench-echo/echo");
        return Optional.of(new EchoDeployment(deployments, echo));
    }

    /** {@code ws://…/parley-bench-echo/echo}. */
    URI endpoint() {
        return endpoint;
    }

    /** Undeploys: the scanner undeploys a WAR whose file is gone. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(deployments.resolve(NAME));
    }

    private static Path deploymentsDirectory() {
        String given = System.getenv("PARLEY_BENCH_DEPLOYMENTS");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path home = Path.of(System.getenv().getOrDefault("PARLEY_DEV_HOME", System.getProperty("user.home") + "/.parley-dev"));
        return home.resolve("wildfly/standalone/deployments");
    }

    private static void writeWar(Path war) throws IOException {
        // named, not referenced: the benchmark's JVM has no WebSocket server API to load the class with
        String classFile = "dev/parley/bench/echo/EchoEndpoint.class";
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file);
                InputStream compiled = EchoDeployment.class.getClassLoader().getResourceAsStream(classFile)) {
            if (compiled == null) {
                throw new IllegalStateException(classFile + " is not on the benchmark's class path");
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classFile));
            compiled.transferTo(zip);
            zip.closeEntry();
        }
    }
}
