package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.store.LocalConversation;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley read CONV}: a conversation's history, fetched and decrypted into the local store first. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Show a conversation's messages (CONV: an id, a room name, or @USER), oldest first.",
                "New messages are fetched and decrypted first; offline (or with --offline) the local history is shown."},
        footer = {"", "Examples:", "  parley read @bob", "  parley read design --limit 20",
                "  parley read design --json | jq -r 'select(.kind==\"text\") | .sender + \": \" + .text'"})
final class ReadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Parameters(paramLabel = "CONV")
    String conv;

    @Option(names = {"-n", "--limit"}, description = "How many of the latest messages (default ${DEFAULT-VALUE}).", defaultValue = "100")
    int limit;

    @Option(names = "--offline", description = "Do not contact the gateway.")
    boolean offline;

    @Option(names = "--json", description = "Print one JSON object per message.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = offline ? manager.resolve(conv) : RoomCommand.resolve(manager, conv);
            if (!offline) {
                Sync.quietly(manager, conversation.convId(), spec.commandLine().getErr());
            }
            HistoryPrinter printer = new HistoryPrinter(spec.commandLine().getOut(), json);
            manager.history(conversation.convId(), Math.max(1, limit)).forEach(printer::print);
            if (!json) {
                manager.outbox(conversation.convId()).forEach(e -> spec.commandLine().getOut().println("(queued, not sent yet: "
                        + e.msgId() + ")"));
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
