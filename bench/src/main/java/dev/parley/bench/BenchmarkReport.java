package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docs/benchmarks.md}: one section per benchmark between {@code <!-- bench:NAME -->} and
 * {@code <!-- /bench:NAME -->}. Running a benchmark rewrites only its own section, so results of different
 * benchmarks (and runs) sit side by side; a new benchmark's section is appended.
 */
public final class BenchmarkReport {

    static final String TITLE = """
            # Benchmarks

            Measured by `bin/parley-bench` on one machine against the real stack (see `bench/README.md`).
            Each section says when and where it was measured; re-run a benchmark to refresh its section.
            """;

    private final Path file;

    public BenchmarkReport(Path file) {
        this.file = file;
    }

    public void write(String name, String sectionMarkdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String section = begin + "\n" + sectionMarkdown.strip() + "\n" + end;
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : TITLE;
        int from = current.indexOf(begin);
        int to = current.indexOf(end);
        String updated;
        if (from >= 0 && to > from) {
            updated = current.substring(0, from) + section + current.substring(to + end.length());
        } else {
            updated = current.stripTrailing() + "\n\n" + section + "\n";
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
