package dev.parley.bench;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** {@code bin/parley-bench <name>|all|list}: runs benchmarks, prints their tables, updates docs/benchmarks.md. */
public final class Bench {

    static final List<Benchmark> BENCHMARKS = List.of(new KeyPackageClaimsBenchmark(), new SequencingBenchmark(),
            new PresenceLeasesBenchmark(), new PresenceFanoutBenchmark(), new DeliveryBenchmark());

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "list";
        if (which.equals("list") || BENCHMARKS.isEmpty()) {
            BENCHMARKS.forEach(b -> System.out.printf("%-20s %s%n", b.name(), b.description()));
            return;
        }
        List<Benchmark> selected = new ArrayList<>();
        for (Benchmark benchmark : BENCHMARKS) {
            if (which.equals("all") || which.equals(benchmark.name())) {
                selected.add(benchmark);
            }
        }
        if (selected.isEmpty()) {
            System.err.println("error: no benchmark named '" + which + "'. Run 'bin/parley-bench list'.");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("parley.root", ".")).toAbsolutePath().normalize();
        BenchContext context = BenchContext.fromEnvironment(root);
        BenchmarkReport report = new BenchmarkReport(context.docs().resolve("benchmarks.md"));
        String pinning = pinServers();
        System.out.println(pinning);
        for (Benchmark benchmark : selected) {
            double load = loadAverage();
            System.out.println("== " + benchmark.name() + ": " + benchmark.description());
            BenchmarkResult result = benchmark.run(context);
            System.out.print(result.table().toConsole());
            result.notes().forEach(note -> System.out.println("  " + note));
            if (load > MAX_LOAD) {
                System.out.printf("  The load average was %.2f before the run (more than %.1f): other work ran on this machine"
                        + " and the figures measure it too. docs/benchmarks.md was left alone; run again on a quiet"
                        + " machine (no build, test or other server beside the stack).%n", load, MAX_LOAD);
            } else {
                report.write(sectionName(benchmark), section(benchmark, result, load, pinning));
            }
        }
    }

    /** Above this load average before a run, its figures are printed but not written (-Dparley.bench.max-load). */
    private static final double MAX_LOAD = Double.parseDouble(System.getProperty("parley.bench.max-load", "1.5"));

    /** The machine's cores, whatever this JVM is pinned to. */
    static int machineCores() {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(Path.of("/proc/cpuinfo"))) {
            return (int) lines.filter(line -> line.startsWith("processor")).count();
        } catch (Exception e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The one-minute load average of the machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /**
     * On a machine of at least two cores, pins the gateway's JVM to core 0 and Keycloak (idle while measured) to core 1,
     * where {@code bin/parley-bench} runs the load generator; says what was done.
     */
    private static String pinServers() {
        int cores = machineCores();
        java.util.Optional<ServerProcess> gateway = ServerProcess.gateway();
        if (gateway.isEmpty()) {
            return "Pinning: no dev-stack WildFly found (PARLEY_DEV_HOME/stack.properties or PARLEY_BENCH_GATEWAY_PID); nothing pinned.";
        }
        if (cores < 2) {
            return "Pinning: one core only; nothing pinned.";
        }
        boolean pinned = gateway.get().pin("0");
        ServerProcess.keycloak().ifPresent(keycloak -> keycloak.pin("1"));
        return pinned
                ? "Pinning: WildFly (the gateway) on core 0; the load generator and Keycloak (idle while measured) on core 1."
                : "Pinning: taskset failed (is util-linux installed?); nothing pinned.";
    }

    /**
     * {@code PARLEY_BENCH_LABEL} (e.g. {@code postgresql}) names the setup measured, so runs against different setups
     * keep their own sections.
     */
    private static String label() {
        String label = System.getenv("PARLEY_BENCH_LABEL");
        return label == null || label.isBlank() ? "" : label.strip();
    }

    private static String sectionName(Benchmark benchmark) {
        return benchmark.name() + labelSuffix();
    }

    /** {@code -<label>} when {@code PARLEY_BENCH_LABEL} is set, else empty: keeps files of different setups apart. */
    static String labelSuffix() {
        return label().isEmpty() ? "" : "-" + label();
    }

    private static String section(Benchmark benchmark, BenchmarkResult result, double load, String pinning) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(benchmark.name()).append(label().isEmpty() ? "" : " (" + label() + ")")
                .append("\n\n").append(benchmark.description()).append("\n\n");
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(InetAddress.getLocalHost().getHostName())
                .append(" (").append(machineCores()).append(" cores, Java ")
                .append(Runtime.version().feature()).append(String.format(", load average %.2f before the run", load))
                .append("). ").append(pinning).append("\n\n");
        out.append(result.table().toMarkdown());
        for (String chart : result.charts()) {
            out.append("\n![").append(benchmark.name()).append("](").append(chart).append(")\n");
        }
        if (!result.notes().isEmpty()) {
            out.append('\n');
            result.notes().forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    private Bench() {
    }
}
