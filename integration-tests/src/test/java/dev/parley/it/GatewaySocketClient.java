package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of the gateway, built on the JDK's client (which answers pings by itself). */
final class GatewaySocketClient implements WebSocket.Listener {

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final List<JsonNode> setAside = new ArrayList<>();
    private WebSocket socket;
    private volatile int slowFrames;
    private volatile long slowMillis;

    /** Reads the next {@code frames} frames slowly, pausing {@code millis} before each: a consumer that lags. */
    void readSlowly(int frames, long millis) {
        this.slowMillis = millis;
        this.slowFrames = frames;
    }

    static GatewaySocketClient open(URI gateway, String accessToken) {
        GatewaySocketClient client = new GatewaySocketClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        client.socket = builder.buildAsync(wsUri(gateway), client).join();
        return client;
    }

    /** Opens the door as a browser does: no header, a connect ticket in the address. */
    static GatewaySocketClient openWithTicket(URI gateway, String ticket) {
        GatewaySocketClient client = new GatewaySocketClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(wsUri(gateway) + "?ticket=" + ticket), client).join();
        return client;
    }

    static URI wsUri(URI gateway) {
        return URI.create(gateway.toString().replaceFirst("^http", "ws") + "ws");
    }

    /** Opens, reads the hello and proves the device; returns the {@code connected} frame. */
    static GatewaySocketClient connected(URI gateway, String accessToken, String userId, String deviceId, PrivateKey deviceKey) {
        GatewaySocketClient client = open(gateway, accessToken);
        JsonNode answer = client.connect(userId, deviceId, deviceKey);
        if (!"connected".equals(answer.get("type").asText())) {
            throw new AssertionError("Not connected: " + answer);
        }
        return client;
    }

    /** Reads the hello and sends a {@code connect} signed with {@code deviceKey}; returns the answer. */
    JsonNode connect(String userId, String deviceId, PrivateKey deviceKey) {
        JsonNode hello = next();
        Bytes nonce = Base64Url.decode(hello.get("nonce").asText());
        Bytes signature = new ConnectProof(hello.get("gateway_id").asText(), userId, deviceId, nonce).sign(deviceKey);
        ObjectNode connect = HttpCalls.JSON.createObjectNode()
                .put("type", "connect").put("id", "c1").put("protocol_version", 1)
                .put("device_id", deviceId).put("signature", Base64Url.encode(signature));
        send(connect);
        return next();
    }

    void send(Object frame) {
        try {
            sendText(HttpCalls.JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame, waiting up to 10 s. */
    JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    /** The next frame (first those set aside by {@link #await}), waiting up to {@code timeout}. */
    JsonNode next(Duration timeout) {
        if (!setAside.isEmpty()) {
            return setAside.remove(0);
        }
        JsonNode frame = poll(timeout);
        if (frame == null) {
            throw new AssertionError("No frame within " + timeout);
        }
        return frame;
    }

    /**
     * The first frame (in arrival order) that {@code match} accepts, waiting up to {@code timeout}; frames it
     * passes over stay for later calls.
     */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        for (int i = 0; i < setAside.size(); i++) {
            if (match.test(setAside.get(i))) {
                return setAside.remove(i);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode frame = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (frame == null) {
                throw new AssertionError("No matching frame within " + timeout + "; frames set aside: " + setAside);
            }
            if (match.test(frame)) {
                return frame;
            }
            setAside.add(frame);
        }
    }

    /** Sends a request frame and returns the frame answering its {@code id}. */
    JsonNode request(Map<String, ?> frame) {
        send(frame);
        Object id = frame.get("id");
        return await(answer -> answer.path("id").asText().equals(id), Duration.ofSeconds(10));
    }

    /** The frames that arrived within {@code period} and that {@code match} accepts (others are set aside). */
    List<JsonNode> collect(Predicate<JsonNode> match, Duration period) {
        List<JsonNode> matching = new ArrayList<>();
        long deadline = System.nanoTime() + period.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            JsonNode frame = poll(Duration.ofNanos(left));
            if (frame != null) {
                (match.test(frame) ? matching : setAside).add(frame);
            }
        }
        return matching;
    }

    private JsonNode poll(Duration timeout) {
        try {
            return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close code the gateway sent, waiting up to {@code timeout}. */
    int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("The gateway did not close the connection within " + timeout, e);
        }
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(HttpCalls.JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
            if (slowFrames > 0) {
                slowFrames--;
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }
}
