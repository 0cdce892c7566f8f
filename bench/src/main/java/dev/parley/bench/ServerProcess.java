package dev.parley.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A server of the stack under test as the operating system sees it: its process tree (the start script and the JVM
 * below it), the CPU time it spent (utime + stime from {@code /proc}), and the cores it may run on. The PIDs come from
 * the dev stack's {@code stack.properties} in {@code $PARLEY_DEV_HOME} (default {@code ~/.parley-dev}), or from
 * {@code PARLEY_BENCH_GATEWAY_PID} / {@code PARLEY_BENCH_KEYCLOAK_PID}.
 */
final class ServerProcess {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final String name;
    private final long pid;

    private ServerProcess(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    /** WildFly with parley.ear, if the stack's state names a live one. */
    static Optional<ServerProcess> gateway() {
        return find("wildfly", "PARLEY_BENCH_GATEWAY_PID");
    }

    static Optional<ServerProcess> keycloak() {
        return find("keycloak", "PARLEY_BENCH_KEYCLOAK_PID");
    }

    private static Optional<ServerProcess> find(String name, String variable) {
        String given = System.getenv(variable);
        long pid = given != null && !given.isBlank() ? Long.parseLong(given.strip()) : fromState(name);
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                ? Optional.of(new ServerProcess(name, pid))
                : Optional.empty();
    }

    private static long fromState(String name) {
        Path home = Path.of(System.getenv().getOrDefault("PARLEY_DEV_HOME", System.getProperty("user.home") + "/.parley-dev"));
        Path file = home.resolve("stack.properties");
        if (!Files.exists(file)) {
            return -1;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            return -1;
        }
        return Long.parseLong(properties.getProperty(name + ".pid", "-1"));
    }

    String name() {
        return name;
    }

    private List<Long> tree() {
        return Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)).toList();
    }

    /** CPU seconds (user + system) the process tree has spent so far. */
    double cpuSeconds() {
        double seconds = 0;
        for (long process : tree()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process), "stat"));
                // the fields after the command name, which is in parentheses and may contain spaces
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // a process that ended meanwhile spends nothing more
            }
        }
        return seconds;
    }

    /** Pins every thread of the process tree to {@code cpus} (a {@code taskset} list such as "0"); false if it failed. */
    boolean pin(String cpus) {
        boolean pinned = true;
        for (long process : tree()) {
            try {
                Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(process))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                pinned &= taskset.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pinned;
    }
}
