package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.store.LocalConversation;
import dev.parley.client.store.OutboxEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley send CONV TEXT}: queues a message in the outbox and sends it (and anything queued before). */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a message to a conversation (CONV: an id, a room name, or @USER).",
                "The message goes to the local outbox first, then to the gateway, end-to-end encrypted. If the gateway "
                        + "cannot be reached it stays queued (exit 11) and the next parley command that reaches the gateway "
                        + "sends it, exactly once."},
        footer = {"", "Examples:", "  parley send @bob 'lunch at 12?'", "  parley send design 'build is green'",
                "  echo 'from a script' | parley send design -"})
final class SendCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Parameters(index = "1..*", paramLabel = "TEXT", description = "The message (words are joined by spaces); - reads it from stdin.")
    List<String> words;

    @Option(names = "--json", description = "Print {\"conversation_id\", \"msg_id\", \"status\": \"sent\"|\"queued\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text = words.size() == 1 && "-".equals(words.get(0))
                ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip() : String.join(" ", words);
        if (text.isEmpty()) {
            err.println("error: the message is empty (usage). Give the text as arguments or on stdin with '-'.");
            return ExitCode.USAGE;
        }
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = RoomCommand.resolve(manager, conv);
            OutboxEntry queued = manager.queue(conversation.convId(), text);
            String why;
            try {
                manager.sync(conversation.convId(), false);
                if (manager.outbox(conversation.convId()).stream().noneMatch(e -> e.msgId().equals(queued.msgId()))) {
                    out.println(json ? JsonOutput.object("conversation_id", conversation.convId(), "msg_id", queued.msgId(),
                            "status", "sent") : "Sent to " + manager.display(conversation) + ".");
                    out.flush();
                    return ExitCode.OK;
                }
                why = "it is still in the outbox";
            } catch (ServerUnreachableException e) {
                why = "the gateway is unreachable (" + e.getMessage() + ")";
            } catch (GatewayException e) {
                if ("device_revoked".equals(e.code())) {
                    throw e;
                }
                why = "the gateway refused it for now (" + e.code() + "): " + e.getMessage();
            }
            out.println(json ? JsonOutput.object("conversation_id", conversation.convId(), "msg_id", queued.msgId(),
                    "status", "queued") : "Queued for " + manager.display(conversation) + ": " + why + ".");
            err.println("note: the message waits in the outbox; 'parley sync' (or any command that reaches the gateway) sends it.");
            out.flush();
            err.flush();
            return ExitCode.QUEUED;
        }
    }
}
