package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device on the gateway's WebSocket as a messaging client uses it: connects with its device proof, sends
 * application messages with a window of unanswered {@code send} frames, and reads {@code message} frames, checking
 * per conversation that seqs only grow (nothing out of order, nothing twice on this connection).
 */
final class MailboxClient implements AutoCloseable {

    final MlsDevice device;
    final GatewaySocketClient socket;
    /** Every {@code message} frame received, in arrival order. */
    final List<JsonNode> messages = new ArrayList<>();
    /** Every {@code sent} answer received, in arrival order. */
    final List<JsonNode> sent = new ArrayList<>();
    private final Map<String, Long> lastSeq = new LinkedHashMap<>();
    boolean caughtUp;
    private int requests;

    private MailboxClient(MlsDevice device, GatewaySocketClient socket) {
        this.device = device;
        this.socket = socket;
    }

    static MailboxClient connect(URI gateway, DeliveryService ds, MlsDevice device) {
        return new MailboxClient(device, GatewaySocketClient.connected(gateway, ds.token(device.user), device.user.id(),
                device.deviceId, device.deviceKey.getPrivate()));
    }

    /** Connects a client that reads its first {@code slowFrames} frames after the connect answer slowly. */
    static MailboxClient connect(URI gateway, DeliveryService ds, MlsDevice device, int slowFrames, long millis) {
        MailboxClient client = connect(gateway, ds, device);
        client.socket.readSlowly(slowFrames, millis);
        return client;
    }

    /** Sends one application message; does not wait for the answer, whose {@code id} is the {@code msg_id}. */
    void send(String conversationId, String msgId, byte[] message) {
        socket.send(Map.of("type", "send", "id", msgId, "conversation_id", conversationId, "msg_id", msgId,
                "message", DeliveryService.b64(message)));
    }

    /** Sends a request frame and reads frames (recording messages) until its answer arrives. */
    JsonNode request(Map<String, Object> frame) {
        String id = "r" + (++requests);
        Map<String, Object> withId = new LinkedHashMap<>(frame);
        withId.put("id", id);
        socket.send(withId);
        while (true) {
            JsonNode next = read(Duration.ofSeconds(30));
            if (id.equals(next.path("id").asText())) {
                return next;
            }
        }
    }

    JsonNode ack(String conversationId, long seq) {
        return request(Map.of("type", "ack", "conversation_id", conversationId, "seq", seq));
    }

    /** Reads one frame, recording {@code message}s, {@code sent}s and {@code caught_up}; returns it. */
    JsonNode read(Duration timeout) {
        JsonNode frame = socket.next(timeout);
        switch (frame.get("type").asText()) {
            case "message" -> {
                String conversation = frame.get("conversation_id").asText();
                long seq = frame.get("seq").asLong();
                Long previous = lastSeq.put(conversation, seq);
                assertThat(seq).as("seq order on one connection: %s after %s", seq, previous)
                        .isGreaterThan(previous == null ? 0 : previous);
                messages.add(frame);
            }
            case "sent" -> sent.add(frame);
            case "caught_up" -> {
                assertThat(caughtUp).as("one caught_up per connection").isFalse();
                caughtUp = true;
            }
            default -> {
            }
        }
        return frame;
    }

    /** Reads until {@code caught_up}; returns the messages received before it. */
    List<JsonNode> awaitCaughtUp(Duration timeout) {
        int before = messages.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp) {
            read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return List.copyOf(messages.subList(before, messages.size()));
    }

    /** Reads until at least {@code count} messages and {@code sentCount} answers were received in all. */
    void readUntil(int count, int sentCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count || sent.size() < sentCount) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Only " + messages.size() + " messages and " + sent.size() + " answers of "
                        + count + " and " + sentCount);
            }
            read(Duration.ofNanos(left));
        }
    }

    /** The messages of one conversation received so far, in arrival order. */
    List<JsonNode> messagesOf(String conversationId) {
        return messages.stream().filter(m -> m.get("conversation_id").asText().equals(conversationId)).toList();
    }

    @Override
    public void close() {
        socket.close();
    }
}
