package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One proven WebSocket connection of a device for the delivery benchmark. Every frame the gateway sends is handed to
 * a {@link Handler} on the reading thread together with its arrival time ({@link System#nanoTime()}). Requests are
 * pipelined within a window of unanswered ones ({@link #WINDOW}, 64 as in the workloads ejabberd was measured with;
 * {@code parley.bench.window}), below the gateway's {@code parley.ws.max-in-flight} (256). The connection asks for
 * {@code batch} frames.
 */
final class DeliverySocket implements WebSocket.Listener {

    /** Unanswered requests in flight at most. */
    static final int WINDOW = Integer.getInteger("parley.bench.window", 64);

    /** Receives every frame (already parsed) and when it arrived. */
    interface Handler {
        void frame(JsonNode frame, long arrivedNanos);
    }

    private final Handler handler;
    private final StringBuilder partial = new StringBuilder();
    private final Semaphore window = new Semaphore(WINDOW);
    private final CompletableFuture<JsonNode> connected = new CompletableFuture<>();
    private final CompletableFuture<Long> caughtUp = new CompletableFuture<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile JsonNode lastError;
    private volatile String closed;
    private WebSocket socket;
    private String nonce;
    private String gatewayId;
    private final CompletableFuture<Void> hello = new CompletableFuture<>();

    private DeliverySocket(Handler handler) {
        this.handler = handler;
    }

    /** Opens the connection, proves the device and returns once the gateway answered {@code connected}. */
    static DeliverySocket connect(HttpClient http, URI gateway, RealmUsers.User device, Handler handler) throws Exception {
        DeliverySocket client = new DeliverySocket(handler);
        client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + device.token())
                .buildAsync(URI.create(gateway.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/parley/ws"), client)
                .get(30, TimeUnit.SECONDS);
        client.hello.get(30, TimeUnit.SECONDS);
        Bytes signature = new ConnectProof(client.gatewayId, device.id(), device.deviceId(), Base64Url.decode(client.nonce))
                .sign(device.device().getPrivate());
        client.request(Map.of("type", "connect", "id", "connect", "protocol_version", 1, "device_id", device.deviceId(),
                "signature", Base64Url.encode(signature), "capabilities", java.util.List.of("batch")));
        JsonNode answer = client.connected.get(30, TimeUnit.SECONDS);
        if (!"connected".equals(answer.path("type").asText())) {
            throw new IllegalStateException("connect refused: " + answer);
        }
        return client;
    }

    /** Sends a request once fewer than {@link #WINDOW} are unanswered. */
    void request(Map<String, ?> frame) throws Exception {
        if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no answers for 60 s" + (closed == null ? "" : "; closed " + closed));
        }
        String text = RealmUsers.JSON.writeValueAsString(frame);
        synchronized (this) {
            socket.sendText(text, true).get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until every request sent so far was answered. */
    void drain() throws InterruptedException {
        if (!window.tryAcquire(WINDOW, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests unanswered after 120 s" + (closed == null ? "" : "; closed " + closed));
        }
        window.release(WINDOW);
    }

    /** Acknowledges, per conversation, the highest seq this connection received, and waits for the answers. */
    void ackAll() throws Exception {
        for (Map.Entry<String, Long> head : received.entrySet()) {
            request(Map.of("type", "ack", "id", "ack-" + head.getKey(), "conversation_id", head.getKey(), "seq", head.getValue()));
        }
        drain();
    }

    /** When {@code caught_up} arrived (System.nanoTime), waiting up to {@code seconds}. */
    long awaitCaughtUp(long seconds) throws Exception {
        return caughtUp.get(seconds, TimeUnit.SECONDS);
    }

    /** Refused requests so far, and the last refusal. */
    int errors() {
        return errors.get();
    }

    JsonNode lastError() {
        return lastError;
    }

    void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long arrived = System.nanoTime();
        partial.append(data);
        if (last) {
            JsonNode frame;
            try {
                frame = RealmUsers.JSON.readTree(partial.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
            dispatch(frame, arrived);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = statusCode + " " + reason;
        return null;
    }

    private void dispatch(JsonNode frame, long arrived) {
        String type = frame.path("type").asText();
        switch (type) {
            case "batch" -> {
                for (JsonNode carried : frame.path("frames")) {
                    dispatch(carried, arrived);
                }
                return;
            }
            case "hello" -> {
                nonce = frame.get("nonce").asText();
                gatewayId = frame.get("gateway_id").asText();
                hello.complete(null);
                return;
            }
            case "caught_up" -> caughtUp.complete(arrived);
            case "message" -> received.merge(frame.path("conversation_id").asText(), frame.path("seq").asLong(), Math::max);
            case "connected" -> connected.complete(frame);
            case "error" -> {
                errors.incrementAndGet();
                lastError = frame;
                if ("connect".equals(frame.path("id").asText())) {
                    connected.complete(frame);
                }
            }
            default -> {
            }
        }
        if (frame.has("id") && !"message".equals(type)) {
            window.release();
        }
        handler.frame(frame, arrived);
    }
}
