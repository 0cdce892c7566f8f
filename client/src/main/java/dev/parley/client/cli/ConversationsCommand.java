package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.store.LocalConversation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley conversations}: the conversations of this device, from the local store (after a sync). */
@Command(name = "conversations", aliases = "ls", mixinStandardHelpOptions = true,
        description = {"List your conversations: rooms and direct conversations this device takes part in.",
                "Fetches new ones from the gateway first (use --offline to read the local store only)."},
        footer = {"", "Examples:", "  parley conversations", "  parley conversations --json | jq -r '.[].conversation_id'"})
final class ConversationsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Option(names = "--json", description = "Print a JSON array of conversations.")
    boolean json;

    @Option(names = "--offline", description = "Do not contact the gateway; show what this device has stored.")
    boolean offline;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            if (!offline) {
                Sync.quietly(manager, null, spec.commandLine().getErr());
            }
            if (json) {
                ArrayNode array = JsonHttp.JSON.createArrayNode();
                for (LocalConversation c : manager.list()) {
                    ObjectNode node = array.addObject().put("conversation_id", c.convId()).put("type", c.kind())
                            .put("name", c.name()).put("state", c.state()).put("epoch", c.epoch())
                            .put("last_seq", c.processedSeq());
                    if (c.peerUserId() != null) {
                        node.put("peer_user_id", c.peerUserId()).put("peer", manager.label(c.peerUserId()));
                    }
                }
                out.println(JsonHttp.JSON.writeValueAsString(array));
            } else if (manager.list().isEmpty()) {
                out.println("No conversations yet: 'parley dm USER' or 'parley room create NAME'.");
            } else {
                out.printf("%-36s  %-4s  %-24s  %s%n", "ID", "TYPE", "NAME", "STATE");
                for (LocalConversation c : manager.list()) {
                    String name = "dm".equals(c.kind()) && c.peerUserId() != null ? "@" + manager.label(c.peerUserId()) : c.name();
                    out.printf("%-36s  %-4s  %-24s  %s%n", c.convId(), c.kind(), name, c.state());
                }
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
