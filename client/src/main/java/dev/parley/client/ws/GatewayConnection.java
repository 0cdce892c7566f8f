package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.NotSignedInException;
import dev.parley.client.auth.Tokens;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.ws.CloseCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This device's realtime connection to the gateway ({@code /parley/ws}, docs/protocol.md#websocket): the access
 * token at the upgrade, {@code hello} → {@code connect} with the device's {@link ConnectProof}, then frames.
 *
 * <p>It stays up on its own: a lost connection (network, {@code 1001}, {@code 4408}, no sign of life for three
 * heartbeat intervals) is retried with exponential backoff and jitter ({@link #MIN_BACKOFF} to
 * {@link #MAX_BACKOFF}); a {@code 4440} reconnects at once with a refreshed token; the access token is refreshed
 * {@link #RENEW_BEFORE} before it expires and handed to the gateway in a {@code token} frame. It stops for good,
 * reporting {@link Stopped}, on the closes after which reconnecting cannot help: {@code 4403} (device revoked),
 * {@code 4409} (displaced by a newer connection of this device), {@code 4401}, {@code 4426}, {@code 4400}, and
 * when the realm session ends.
 *
 * <p>All state lives on one thread (the connection's scheduler); the JDK's WebSocket answers pings itself.
 */
public final class GatewayConnection implements RealtimeConnection {

    public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    public static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
    private static final String CONNECT_ID = "connect";

    private final URI wsUri;
    private final AuthManager auth;
    private final String userId;
    private final String deviceId;
    private final PrivateKey deviceKey;
    private final ConnectionListener listener;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-connection");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean stopOnRefusedUpgrade;

    // confined to the connection thread
    private WebSocket socket;
    private long generation;
    private int failures;
    private boolean closing;
    private boolean live;
    private String gatewayId;
    private String lastError;
    private String lastErrorMessage;
    /** The {@code retry_after_seconds} of the last error frame (a penalty or rate limit), honoured by the next retry. */
    private long retryAfterSeconds;
    private long heartbeatSeconds = 20;
    private Instant lastSignOfLife;
    private ScheduledFuture<?> renewal;
    private ScheduledFuture<?> watchdog;

    public GatewayConnection(URI gatewayUrl, AuthManager auth, String userId, String deviceId, PrivateKey deviceKey,
            ConnectionListener listener, Clock clock) {
        this.wsUri = webSocketUri(gatewayUrl);
        this.auth = auth;
        this.userId = userId;
        this.deviceId = deviceId;
        this.deviceKey = deviceKey;
        this.listener = listener;
        this.clock = clock;
    }

    /** {@code http(s)://host/parley/} → {@code ws(s)://host/parley/ws}. */
    public static URI webSocketUri(URI gatewayUrl) {
        String base = gatewayUrl.toString().endsWith("/") ? gatewayUrl.toString() : gatewayUrl + "/";
        return URI.create(base.replaceFirst("^http", "ws") + "ws");
    }

    /**
     * Makes an upgrade the gateway answers with an HTTP error (other than 401) end the connection with
     * {@link Stopped.Reason#UPGRADE_REFUSED} instead of retrying, for an owner that falls back to SSE. Call before
     * {@link #start()}.
     */
    public GatewayConnection stopOnRefusedUpgrade() {
        this.stopOnRefusedUpgrade = true;
        return this;
    }

    @Override
    public GatewayConnection start() {
        thread.execute(this::connect);
        return this;
    }

    @Override
    public CompletableFuture<Stopped> stopped() {
        return stopped;
    }

    /**
     * Sends a request frame (an {@code id} is added) and completes with the gateway's answer; an {@code error} frame
     * completes it exceptionally with a {@link FrameException}.
     */
    @Override
    public CompletableFuture<JsonNode> request(ObjectNode frame) {
        String id = "r" + ids.incrementAndGet();
        frame.put("id", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        post(() -> {
            if (!live) {
                fail(id, new FrameException("not_connected", "the connection is not up"));
                return;
            }
            send(frame);
        });
        if (thread.isShutdown()) {
            fail(id, new FrameException("not_connected", "the connection has stopped"));
        }
        return answer;
    }

    /** Closes the connection (code 1000) and stops; idempotent. */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            thread.execute(this::closeNow);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile: nothing left to close
        }
    }

    private void closeNow() {
        {
            closing = true;
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                thread.schedule(() -> stop(new Stopped(Stopped.Reason.CLOSED, WebSocket.NORMAL_CLOSURE, null, "closed")),
                        2, TimeUnit.SECONDS);
            } else {
                stop(new Stopped(Stopped.Reason.CLOSED, 0, null, "closed"));
            }
        }
    }

    // --- connection thread

    private void connect() {
        if (stopped.isDone()) {
            return;
        }
        long attempt = ++generation;
        Tokens tokens;
        try {
            tokens = auth.currentTokens();
        } catch (NotSignedInException e) {
            stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, 0, "not_signed_in", e.getMessage()));
            return;
        } catch (ServerUnreachableException e) {
            retry(0, e.getMessage());
            return;
        }
        lastError = null;
        lastErrorMessage = null;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .buildAsync(wsUri, new Frames(attempt))
                .whenCompleteAsync((ws, failure) -> opened(attempt, ws, failure), thread);
    }

    private void opened(long attempt, WebSocket ws, Throwable failure) {
        if (attempt != generation) {
            if (ws != null) {
                ws.abort();
            }
            return;
        }
        if (failure == null) {
            socket = ws;
            lastSignOfLife = clock.instant();
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse().statusCode() == 401) {
            try {
                auth.refresh();
            } catch (NotSignedInException e) {
                stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, 0, "not_signed_in", e.getMessage()));
                return;
            } catch (ServerUnreachableException e) {
                // retried below
            }
            retry(0, "the gateway refused the access token at the upgrade");
            return;
        }
        if (cause instanceof WebSocketHandshakeException handshake && stopOnRefusedUpgrade) {
            stop(new Stopped(Stopped.Reason.UPGRADE_REFUSED, 0, "http_" + handshake.getResponse().statusCode(),
                    "the gateway answered HTTP " + handshake.getResponse().statusCode() + " to the WebSocket upgrade"));
            return;
        }
        retry(0, cause instanceof WebSocketHandshakeException handshake
                ? "the gateway answered HTTP " + handshake.getResponse().statusCode() + " to the WebSocket upgrade"
                : "cannot reach " + wsUri + ": " + describe(cause));
    }

    private void received(long attempt, JsonNode frame) {
        if (attempt != generation) {
            return;
        }
        lastSignOfLife = clock.instant();
        String type = frame.path("type").asText();
        String id = frame.path("id").asText(null);
        switch (type) {
            case "batch" -> {
                for (JsonNode carried : frame.path("frames")) {
                    received(attempt, carried);
                }
            }
            case "hello" -> hello(frame);
            case "connected" -> connectedFrame(frame);
            case "error" -> {
                retryAfterSeconds = Math.max(retryAfterSeconds, frame.path("retry_after_seconds").asLong(0));
                if (CONNECT_ID.equals(id) || id == null) {
                    lastError = frame.path("error").asText();
                    lastErrorMessage = frame.path("message").asText();
                }
                if (id != null && pending.containsKey(id)) {
                    fail(id, new FrameException(frame.path("error").asText(), frame.path("message").asText()));
                } else if (!CONNECT_ID.equals(id)) {
                    listener.frame(frame);
                }
            }
            default -> {
                CompletableFuture<JsonNode> answer = id == null ? null : pending.remove(id);
                if (answer != null) {
                    answer.complete(frame);
                } else {
                    listener.frame(frame);
                }
            }
        }
    }

    private void hello(JsonNode hello) {
        gatewayId = hello.path("gateway_id").asText();
        heartbeatSeconds = Math.max(1, hello.path("heartbeat_seconds").asLong(20));
        boolean speaks = false;
        for (JsonNode version : hello.path("protocol_versions")) {
            speaks |= version.asInt() == ProtocolVersion.CURRENT;
        }
        if (!speaks && hello.has("protocol_versions")) {
            closing = true;
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "unsupported protocol version");
            stop(new Stopped(Stopped.Reason.UNSUPPORTED_VERSION, 0, "unsupported_protocol_version",
                    "the gateway speaks protocol versions " + hello.path("protocol_versions") + ", this client "
                            + ProtocolVersion.CURRENT));
            return;
        }
        var signature = new ConnectProof(gatewayId, userId, deviceId, Base64Url.decode(hello.path("nonce").asText()))
                .sign(deviceKey);
        send(JsonHttp.JSON.createObjectNode().put("type", "connect").put("id", CONNECT_ID)
                .put("protocol_version", ProtocolVersion.CURRENT).put("device_id", deviceId)
                .put("signature", Base64Url.encode(signature))
                .set("capabilities", JsonHttp.JSON.createArrayNode().add("batch")));
    }

    private void connectedFrame(JsonNode frame) {
        live = true;
        failures = 0;
        scheduleRenewal();
        scheduleWatchdog();
        listener.connected(new Connected(gatewayId, frame.path("session_id").asText(), frame.path("user_id").asText(),
                frame.path("device_id").asText(), frame.path("protocol_version").asInt()));
    }

    private void closed(long attempt, int code, String reason) {
        if (attempt != generation) {
            return;
        }
        live = false;
        socket = null;
        cancelTimers();
        failPending("the connection closed (" + code + ")");
        if (closing) {
            stop(new Stopped(Stopped.Reason.CLOSED, code, null, "closed"));
            return;
        }
        CloseCode known = CloseCode.of(code);
        String message = lastErrorMessage != null && !lastErrorMessage.isBlank() ? lastErrorMessage
                : reason != null && !reason.isBlank() ? reason : null;
        Stopped end = Stopped.forClose(code, lastError, message);
        if (end != null) {
            stop(end);
        } else if (known == CloseCode.TOKEN_EXPIRED) {
            try {
                auth.refresh();
                listener.disconnected(code, "the access token expired; reconnecting with a fresh one", Duration.ZERO);
                connect();
            } catch (NotSignedInException e) {
                stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, code, "not_signed_in", e.getMessage()));
            } catch (ServerUnreachableException e) {
                retry(code, e.getMessage());
            }
        } else {
            // 1001, 4408 and codes this client does not know: reconnect with backoff (and after any retry_after_seconds)
            retry(code, message != null ? message : "connection closed (" + code + ")");
        }
    }

    private void retry(int code, String reason) {
        live = false;
        socket = null;
        cancelTimers();
        Duration delay = backoff(failures++);
        if (retryAfterSeconds > 0) {
            delay = delay.compareTo(Duration.ofSeconds(retryAfterSeconds)) < 0 ? Duration.ofSeconds(retryAfterSeconds) : delay;
            retryAfterSeconds = 0;
        }
        listener.disconnected(code, reason, delay);
        thread.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Exponential from {@link #MIN_BACKOFF}, capped at {@link #MAX_BACKOFF}, with ±20 % jitter. */
    static Duration backoff(int failures) {
        long base = MIN_BACKOFF.toMillis() << Math.min(failures, 16);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    private void scheduleRenewal() {
        Tokens tokens;
        try {
            tokens = auth.currentTokens();
        } catch (RuntimeException e) {
            return;
        }
        if (tokens.expiresAt() == null) {
            return;
        }
        long delay = Math.max(5_000, Duration.between(clock.instant(), tokens.expiresAt().minus(RENEW_BEFORE)).toMillis());
        renewal = thread.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (!live) {
            return;
        }
        try {
            Tokens fresh = auth.refresh();
            String id = "t" + ids.incrementAndGet();
            send(JsonHttp.JSON.createObjectNode().put("type", "token").put("id", id).put("access_token", fresh.accessToken()));
            scheduleRenewal();
        } catch (NotSignedInException e) {
            closing = true;
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "signed out");
            }
            stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, 0, "not_signed_in", e.getMessage()));
        } catch (ServerUnreachableException e) {
            renewal = thread.schedule(this::renew, 5, TimeUnit.SECONDS);
        }
    }

    /** A connection with no frame and no ping for three heartbeat intervals is dead: drop it and reconnect. */
    private void scheduleWatchdog() {
        watchdog = thread.scheduleAtFixedRate(() -> {
            if (live && Duration.between(lastSignOfLife, clock.instant()).getSeconds() > 3 * heartbeatSeconds) {
                WebSocket dead = socket;
                generation++;
                if (dead != null) {
                    dead.abort();
                }
                failPending("the connection went silent");
                retry(0, "no sign of life from the gateway for " + 3 * heartbeatSeconds + " s");
            }
        }, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    private void cancelTimers() {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    private void send(JsonNode frame) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        try {
            ws.sendText(JsonHttp.JSON.writeValueAsString(frame), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a frame as JSON", e);
        }
    }

    private void fail(String id, Exception failure) {
        CompletableFuture<JsonNode> answer = pending.remove(id);
        if (answer != null) {
            answer.completeExceptionally(failure);
        }
    }

    private void failPending(String why) {
        for (String id : pending.keySet()) {
            fail(id, new FrameException("not_connected", why));
        }
    }

    private void stop(Stopped why) {
        if (stopped.isDone()) {
            return;
        }
        live = false;
        cancelTimers();
        failPending("the connection stopped");
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        generation++;
        try {
            listener.stopped(why);
        } finally {
            stopped.complete(why);
            thread.shutdown();
        }
    }

    /** Hands a callback to the connection thread; after the stop there is nothing left to tell. */
    private void post(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // stopped: late callbacks of the old socket are dropped
        }
    }

    static String describe(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** The JDK's callbacks, tagged with the attempt they belong to and handed to the connection thread. */
    private final class Frames implements WebSocket.Listener {

        private final long attempt;
        private final StringBuilder partial = new StringBuilder();

        Frames(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // queued before any frame of this socket, so the hello finds the socket set
            post(() -> {
                if (attempt == generation) {
                    socket = webSocket;
                    lastSignOfLife = clock.instant();
                }
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                post(() -> {
                    try {
                        received(attempt, JsonHttp.JSON.readTree(text));
                    } catch (IOException e) {
                        // a gateway frame that is not JSON is ignored; the protocol has no answer to it
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            post(() -> {
                if (attempt == generation) {
                    lastSignOfLife = clock.instant();
                }
            });
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!webSocket.isOutputClosed()) {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""); // completes the closing handshake
            }
            post(() -> closed(attempt, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            post(() -> {
                if (attempt == generation) {
                    socket = null;
                    failPending("the connection failed");
                    if (closing) {
                        stop(new Stopped(Stopped.Reason.CLOSED, 0, null, "closed"));
                    } else {
                        retry(1006, "the connection failed: " + describe(error));
                    }
                }
            });
        }
    }
}
