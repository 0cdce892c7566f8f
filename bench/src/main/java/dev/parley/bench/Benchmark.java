package dev.parley.bench;

/**
 * One benchmark: measures against the real stack and returns its result as a {@link Table}. Benchmarks are
 * listed in {@link Bench#BENCHMARKS}; {@code bin/parley-bench <name>} runs one, {@code bin/parley-bench all}
 * runs every one.
 */
public interface Benchmark {

    /** The name on the command line and of this benchmark's section in {@code docs/benchmarks.md}. */
    String name();

    /** One line: what is measured and against which reference. */
    String description();

    /** Runs the measurement; the returned table is printed and written to {@code docs/benchmarks.md}. */
    BenchmarkResult run(BenchContext context) throws Exception;
}
