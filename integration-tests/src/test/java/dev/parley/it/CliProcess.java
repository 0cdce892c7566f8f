package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code parley} CLI as a user runs it: {@code java -jar client/target/parley.jar}, one JVM per command,
 * with its own state directory ({@code PARLEY_HOME}) per user.
 */
final class CliProcess {

    /** A finished command. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final CompletableFuture<String> out;
    private final CompletableFuture<String> err;

    private CliProcess(Process process) {
        this.process = process;
        this.out = CompletableFuture.supplyAsync(() -> readLines(process.getInputStream(), lines));
        this.err = CompletableFuture.supplyAsync(() -> readLines(process.getErrorStream(), null));
    }

    /** Starts {@code parley args...} for the user whose state is in {@code stateDir}, with nothing on stdin. */
    static CliProcess start(Path stateDir, String... args) {
        return launch(stateDir, null, args);
    }

    /** Starts {@code parley args...} with its standard input left open: {@link #type} writes to it, {@link #endInput} closes it. */
    static CliProcess startInteractive(Path stateDir, String... args) {
        return launch(stateDir, null, true, args);
    }

    /** Types a line into an interactive command. */
    void type(String line) {
        try {
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends an interactive command's input (Ctrl-D). */
    void endInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CliProcess launch(Path stateDir, String stdin, String[] args) {
        return launch(stateDir, stdin, false, args);
    }

    private static CliProcess launch(Path stateDir, String stdin, boolean keepInputOpen, String[] args) {
        Path jar = Path.of(System.getProperty("parley.it.root", "..")).resolve("client/target/parley.jar").toAbsolutePath();
        assertThat(jar).as("the CLI jar is built by the client module before the integration tests").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PARLEY_HOME", stateDir.toString());
        builder.environment().remove("PARLEY_DEBUG");
        try {
            Process process = builder.start();
            if (!keepInputOpen) {
                try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
            }
            return new CliProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end. */
    static Result run(Path stateDir, String... args) {
        return start(stateDir, args).finish(Duration.ofMinutes(1));
    }

    /** Runs a command with {@code stdin} as its standard input. */
    static Result runWithInput(Path stateDir, String stdin, String... args) {
        return launch(stateDir, stdin, args).finish(Duration.ofMinutes(1));
    }

    /** Waits for the first stdout line (not seen by an earlier call) that matches. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("No matching line within " + timeout + "; so far:\n" + String.join("\n", seen));
            }
            seen.add(line);
            if (match.test(line)) {
                return line;
            }
        }
    }

    /** Stops a long-running command as Ctrl-C does (SIGTERM: its shutdown hooks run) and waits for its end. */
    Result interrupt() {
        process.destroy();
        return finish(Duration.ofSeconds(30));
    }

    Result finish(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("parley did not finish within " + timeout + "; stdout so far:\n" + String.join("\n", seen));
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String readLines(InputStream stream, BlockingQueue<String> sink) {
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.append(line).append('\n');
                if (sink != null) {
                    sink.add(line);
                }
            }
        } catch (IOException e) {
            all.append("[read failed: ").append(e.getMessage()).append("]\n");
        }
        return all.toString();
    }
}
