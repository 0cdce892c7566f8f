package dev.parley.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the operator scripts in {@code config/wildfly/} against a stopped server's base directory, in
 * an embedded (offline) server: the same script an operator runs with {@code --connect} on a live one.
 */
public final class WildFlyCli {

    private WildFlyCli() {
    }

    public static void runOffline(WildFlyServer server, Path script, Map<String, String> properties, Path log) {
        try {
            Path work = Files.createDirectories(server.baseDir().resolve("tmp/cli"));
            Path wrapped = work.resolve(script.getFileName());
            Files.writeString(wrapped, "embed-server --server-config=standalone.xml --std-out=echo\n"
                    + Files.readString(script, StandardCharsets.UTF_8)
                    + "\nstop-embedded-server\n", StandardCharsets.UTF_8);
            Path propertiesFile = work.resolve(script.getFileName() + ".properties");
            Properties props = new Properties();
            props.putAll(properties);
            try (var out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                props.store(out, null);
            }
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    server.home().resolve("bin/jboss-cli.sh").toString(),
                    "--file=" + wrapped,
                    "--properties=" + propertiesFile,
                    "--resolve-parameter-values"))
                    .directory(server.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // the embedded server finds its configuration where the real one will
            builder.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + server.baseDir());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new StackException("jboss-cli failed on " + script.getFileName() + "; see " + log);
            }
        } catch (IOException e) {
            throw new StackException("Could not run jboss-cli on " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while running jboss-cli");
        }
    }
}
