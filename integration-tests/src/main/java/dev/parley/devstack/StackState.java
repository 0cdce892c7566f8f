package dev.parley.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The PIDs of the dev stack's processes, recorded in {@code stack.properties} of the dev home. */
record StackState(Path home, long keycloakPid, long wildflyPid) {

    private static final String FILE = "stack.properties";

    static StackState read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return new StackState(home, -1, -1);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StackState(home, Long.parseLong(properties.getProperty("keycloak.pid", "-1")),
                Long.parseLong(properties.getProperty("wildfly.pid", "-1")));
    }

    void write() throws IOException {
        Files.createDirectories(home);
        Properties properties = new Properties();
        properties.setProperty("keycloak.pid", Long.toString(keycloakPid));
        properties.setProperty("wildfly.pid", Long.toString(wildflyPid));
        try (Writer out = Files.newBufferedWriter(home.resolve(FILE))) {
            properties.store(out, "Processes started by bin/parley-dev up; bin/parley-dev down stops exactly these");
        }
    }

    static void delete(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean keycloakAlive() {
        return isOurs(keycloakPid);
    }

    boolean wildflyAlive() {
        return isOurs(wildflyPid);
    }

    /** Alive and still started from this dev home: a PID reused by another program is not ours. */
    private boolean isOurs(long pid) {
        if (pid <= 0) {
            return false;
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(process -> process.info().commandLine().map(line -> line.contains(home.toString())).orElse(true))
                .orElse(false);
    }

    boolean anyAlive() {
        return keycloakAlive() || wildflyAlive();
    }
}
