package dev.parley.bench;

import java.util.List;

/**
 * What a benchmark measured: a table, notes that explain it honestly (where a target was missed and why), and
 * optional chart files (PNG, relative to {@code docs/}) that the report links.
 */
public record BenchmarkResult(Table table, List<String> notes, List<String> charts) {

    public BenchmarkResult(Table table, List<String> notes) {
        this(table, notes, List.of());
    }
}
