package dev.parley.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process started by the stack, writing its console to a log file. It outlives the JVM that
 * started it (so {@code parley-dev up} can return) and is stopped by its recorded PID with its whole process
 * tree, never by name: other WildFly or Keycloak processes on the machine are left alone.
 */
public final class ManagedProcess {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final long pid;

    private ManagedProcess(long pid) {
        this.pid = pid;
    }

    public static ManagedProcess start(List<String> command, Path workDir, Map<String, String> env, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return new ManagedProcess(builder.start().pid());
    }

    public static ManagedProcess ofPid(long pid) {
        return new ManagedProcess(pid);
    }

    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return handle().map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Stops the process and everything it started: SIGTERM to the tree (children first, so a launcher script
     * does not restart them), then SIGKILL to whatever is still alive after the grace period.
     */
    public void stop() {
        Optional<ProcessHandle> root = handle();
        if (root.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.get().descendants().toList());
        java.util.Collections.reverse(tree);
        tree.add(root.get());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle process : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                process.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (Exception timeout) {
                process.destroyForcibly();
            }
        }
    }

    /** Kills the tree at once, as a crash would: no shutdown hooks, no flush. */
    public void kill() {
        handle().ifPresent(root -> {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
            root.onExit().join();
        });
    }

    private Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid);
    }
}
