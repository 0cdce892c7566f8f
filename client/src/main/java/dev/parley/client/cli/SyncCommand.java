package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.messaging.SyncReport;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley sync}: fetches and decrypts everything new, sends the outbox, adds this user's new devices. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Fetch new conversations and messages, send what waits in the outbox, and add your new devices to "
                + "your conversations (run it on an existing device after registering a new one)."},
        footer = {"", "Examples:", "  parley sync", "  parley sync --json"})
final class SyncCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Option(names = "--json", description = "Print {\"processed\", \"received\", \"sent\", \"queued\", \"changes\", \"warnings\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            SyncReport report = client.conversations().sync(null, true);
            if (json) {
                var node = dev.parley.client.http.JsonHttp.JSON.createObjectNode().put("processed", report.processed())
                        .put("received", report.received().size()).put("sent", report.sent()).put("queued", report.queued());
                report.changes().forEach(node.putArray("changes")::add);
                report.warnings().forEach(node.putArray("warnings")::add);
                spec.commandLine().getOut().println(node);
            } else {
                report.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
                report.changes().forEach(c -> spec.commandLine().getOut().println(c.substring(0, 1).toUpperCase() + c.substring(1) + "."));
                spec.commandLine().getOut().println("Synced: " + report.received().size() + " new, " + report.sent() + " sent"
                        + (report.queued() > 0 ? ", " + report.queued() + " still queued" : "") + ".");
            }
            spec.commandLine().getOut().flush();
            return report.queued() > 0 ? ExitCode.QUEUED : ExitCode.OK;
        }
    }
}
