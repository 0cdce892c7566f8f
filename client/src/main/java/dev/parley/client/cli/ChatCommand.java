package dev.parley.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.gateway.ConversationsApi;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.store.LocalConversation;
import dev.parley.client.ws.Connected;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.RealtimeConnection;
import dev.parley.client.ws.RefillOnLowWater;
import dev.parley.client.ws.Stopped;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley chat CONV}: live messages in, lines out, and the members' presence. One worker thread does every
 * conversation operation, in order: frames from the connection and lines from the terminal never race.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat in a conversation (CONV: an id, a room name, or @USER): shows the latest messages, then new "
                + "ones as they arrive, and the members' presence; every line you type is sent. End with Ctrl-D or /quit.",
                "Holds this device's realtime connection (like 'parley listen'; WebSocket, else SSE) and its local store "
                        + "while it runs; tops the KeyPackages up when the gateway asks. Ends with exit 6 if the device is "
                        + "revoked, 8 if another connection of it takes over."},
        footer = {"", "Examples:", "  parley chat @bob", "  parley chat design --history 50"})
final class ChatCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Parameters(paramLabel = "CONV")
    String conv;

    @Option(names = "--history", description = "How many earlier messages to show first (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int history;

    @Option(names = "--json", description = "Print messages and presence changes as JSON objects, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "parley-chat"));
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = RoomCommand.resolve(manager, conv);
            String convId = conversation.convId();
            HistoryPrinter printer = new HistoryPrinter(out, json);
            Sync.quietly(manager, convId, err);
            manager.history(convId, Math.max(0, history)).forEach(printer::print);
            ConversationsApi api = client.gateway().conversations(client.activeDeviceKeys().deviceId());
            List<String> watched = api.get(convId).users().stream().map(ConversationsApi.Participant::userId).toList();
            AtomicReference<RealtimeConnection> connection = new AtomicReference<>();
            connection.set(client.realtime(new RefillOnLowWater(new ConnectionListener() {
                @Override
                public void connected(Connected connected) {
                    if (!json) {
                        err.println("Connected. Type a message and Enter to send; Ctrl-D or /quit to end.");
                        err.flush();
                    }
                    ObjectNode watch = JsonHttp.JSON.createObjectNode().put("type", "watch");
                    watched.forEach(watch.putArray("user_ids")::add);
                    connection.get().request(watch).thenAccept(answer -> answer.path("presence").forEach(p -> presence(p, manager)));
                    worker.submit(() -> report(() -> manager.sync(convId, false).received().stream()
                            .filter(item -> item.conversationId().equals(convId)).forEach(printer::print), err));
                }

                @Override
                public void frame(JsonNode frame) {
                    switch (frame.path("type").asText()) {
                        case "message" -> {
                            if (convId.equals(frame.path("conversation_id").asText())) {
                                ConversationsApi.LogEntry entry = entry(frame);
                                worker.submit(() -> report(() -> manager.receive(convId, entry).forEach(printer::print), err));
                            }
                        }
                        case "caught_up" -> worker.submit(() -> report(() -> manager.acknowledge(convId), err));
                        case "presence" -> presence(frame, manager);
                        default -> {
                        }
                    }
                }

                @Override
                public void disconnected(int closeCode, String reason, Duration retryIn) {
                    err.println("Disconnected (" + reason + "); reconnecting in " + Math.max(1, retryIn.toSeconds())
                            + " s. Lines you type are queued.");
                    err.flush();
                }

                private void presence(JsonNode p, ConversationManager names) {
                    String user = p.path("user_id").asText();
                    if (json) {
                        out.println(JsonHttp.JSON.createObjectNode().put("type", "presence").put("user_id", user)
                                .put("user", names.label(user)).put("status", p.path("status").asText()));
                    } else if (!user.equals(client.activeDeviceKeys().userId())) {
                        out.println("  * " + names.label(user) + " is " + p.path("status").asText()
                                + (p.hasNonNull("last_seen") && !"online".equals(p.path("status").asText())
                                ? " (last seen " + p.path("last_seen").asText() + ")" : ""));
                    }
                    out.flush();
                }
            }, () -> worker.submit(() -> report(() -> DeviceSetup.refill(client, err, err), err)))));
            RealtimeConnection live = connection.get().start();
            Thread reader = new Thread(() -> readLines(ParleyCli.of(spec).stdin(), manager, convId, worker, live, err), "parley-chat-input");
            reader.setDaemon(true);
            reader.start();
            Stopped stopped = live.stopped().get();
            worker.shutdown();
            worker.awaitTermination(30, TimeUnit.SECONDS);
            return ConnectionEnd.exitCode(stopped, client, client.devices().requireActive(), err);
        } finally {
            worker.shutdownNow();
        }
    }

    private static void readLines(BufferedReader in, ConversationManager manager, String convId, ExecutorService worker,
            RealtimeConnection connection, PrintWriter err) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String text = line.strip();
                if (text.equals("/quit")) {
                    break;
                }
                if (!text.isEmpty()) {
                    worker.submit(() -> report(() -> {
                        manager.queue(convId, text);
                        manager.flush(convId);
                    }, err));
                }
            }
        } catch (java.io.IOException e) {
            err.println("error: reading the terminal failed: " + e.getMessage());
        }
        try {
            worker.submit(() -> { }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        connection.close();
    }

    /** Runs a conversation operation on the worker; failures become one line, the chat goes on. */
    private static void report(Runnable work, PrintWriter err) {
        try {
            work.run();
        } catch (ServerUnreachableException e) {
            err.println("note: the gateway is unreachable; queued messages are sent when it is back.");
        } catch (GatewayException e) {
            err.println("error: the gateway refused (" + e.code() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
        }
        err.flush();
    }

    private static ConversationsApi.LogEntry entry(JsonNode frame) {
        return new ConversationsApi.LogEntry(frame.path("seq").asLong(), frame.path("kind").asText(),
                frame.hasNonNull("msg_id") ? frame.path("msg_id").asText() : null, frame.path("epoch").asLong(),
                frame.path("sender_user_id").asText(null), frame.path("sender_device_id").asText(null),
                frame.path("message").asText());
    }
}
