package dev.parley.client.cli;

import dev.parley.client.http.ServerUnreachableException;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.messaging.SyncReport;
import java.io.PrintWriter;

/** Syncing before a command shows something: warnings go to stderr, an unreachable gateway is only a note. */
final class Sync {

    private Sync() {
    }

    /** Syncs; returns the report, or null when the gateway could not be reached (then the local store is shown). */
    static SyncReport quietly(ConversationManager manager, String convId, PrintWriter err) {
        try {
            SyncReport report = manager.sync(convId, false);
            report.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            return report;
        } catch (ServerUnreachableException e) {
            err.println("note: the gateway is unreachable (" + e.getMessage() + "); showing what this device has stored.");
            err.flush();
            return null;
        }
    }
}
