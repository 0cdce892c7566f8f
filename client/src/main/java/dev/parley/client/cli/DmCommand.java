package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.store.LocalConversation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley dm USER}: opens (or finds) the direct conversation with a user. */
@Command(name = "dm", mixinStandardHelpOptions = true,
        description = {"Open the direct conversation with USER (a user name or id), or find the one you have.",
                "Creates the MLS group and adds USER's devices and your other devices, each checked against the directory. "
                        + "There is one direct conversation per pair of users. Prints the conversation id; refer to it as @USER."},
        footer = {"", "Examples:", "  parley dm bob", "  parley send @bob 'lunch?'", "  parley dm bob --json | jq -r .conversation_id"})
final class DmCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Parameters(paramLabel = "USER", description = "The other user: a user name or id.")
    String user;

    @Option(names = "--json", description = "Print {\"conversation_id\", \"peer\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            String peer = new Users(client.authenticationService()).id(user);
            if (peer.equals(client.activeDeviceKeys().userId())) {
                spec.commandLine().getErr().println("error: a direct conversation is with someone else (usage). "
                        + "Use 'parley room create' for notes to yourself.");
                return ExitCode.USAGE;
            }
            LocalConversation conversation = manager.openDirect(peer);
            if (json) {
                out.println(JsonOutput.object("conversation_id", conversation.convId(), "peer", manager.label(peer)));
            } else {
                out.println("Direct conversation with " + manager.label(peer) + ": " + conversation.convId());
                out.println("Send with: parley send @" + manager.label(peer) + " 'hello'   (or chat: parley chat @"
                        + manager.label(peer) + ")");
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
