package dev.parley.devstack;

import java.io.PrintStream;

/** A one-line progress display while waiting: elapsed seconds, redrawn in place on a terminal. */
final class Progress {

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private long lastPrinted = -1;

    Progress(PrintStream out) {
        this.out = out;
    }

    Runnable ticker(String what) {
        return () -> {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            if (terminal) {
                out.print("\r  waiting for " + what + "... " + seconds + " s ");
                out.flush();
            } else if (seconds / 10 != lastPrinted / 10) {
                out.println("  waiting for " + what + "... " + seconds + " s");
            }
            lastPrinted = seconds;
        };
    }

    void done(String message) {
        if (terminal) {
            out.print("\r\033[K");
        }
        if (!message.isEmpty()) {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            out.println("  " + message + " (" + seconds + " s)");
        }
    }
}
