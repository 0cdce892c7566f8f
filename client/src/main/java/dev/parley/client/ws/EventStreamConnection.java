package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.NotSignedInException;
import dev.parley.client.auth.Tokens;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.gateway.RealtimeRest;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.ws.CloseCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This device's realtime connection over Server-Sent Events, the fallback when the WebSocket is refused
 * ({@code GET /parley/api/v1/events}, docs/protocol.md#sse-get-parleyapiv1events): a nonce from
 * {@code POST realtime/nonces}, the device's {@link ConnectProof} over it, then the WebSocket's frames as events.
 * Requests go over REST and are answered like the WebSocket's ({@link #request}).
 *
 * <p>It behaves like {@link GatewayConnection}: reconnects with the same backoff after a lost stream, {@code 1001},
 * {@code 4408}, {@code 4420} or an unknown code; at once with a fresh token after {@code 4440} or a refused token;
 * resumes the conversation of the last {@code message} event with {@code Last-Event-ID}; a stream silent for three
 * heartbeat intervals is dropped; and stops for good with the same {@link Stopped} reasons on a {@code closed}
 * event (4403 revoked, 4409 displaced, ...) or a refusal of the device ({@code device_revoked},
 * {@code device_not_found}, {@code device_proof_invalid}).
 *
 * <p>State lives on one thread; the stream is read on another and each event handed over.
 */
public final class EventStreamConnection implements RealtimeConnection {

    /** The gateway's heartbeat when it does not say otherwise: a {@code ping} event every 20 s. */
    static final long HEARTBEAT_SECONDS = 20;

    private final URI eventsUri;
    private final AuthManager auth;
    private final RealtimeRest rest;
    private final String userId;
    private final String deviceId;
    private final PrivateKey deviceKey;
    private final ConnectionListener listener;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(daemon("parley-sse"));
    private final ExecutorService io = Executors.newCachedThreadPool(daemon("parley-sse-io"));
    private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();

    // confined to the connection thread
    private long generation;
    private int failures;
    private boolean closing;
    private boolean live;
    private String gatewayId;
    private String lastEventId;
    private long retryAfterSeconds;
    private Instant lastSignOfLife;
    private InputStream stream;
    private ScheduledFuture<?> watchdog;

    public EventStreamConnection(URI gatewayUrl, AuthManager auth, RealtimeRest rest, String userId, String deviceId,
            PrivateKey deviceKey, ConnectionListener listener, Clock clock) {
        this.eventsUri = gatewayUrl.resolve("api/v1/events");
        this.auth = auth;
        this.rest = rest;
        this.userId = userId;
        this.deviceId = deviceId;
        this.deviceKey = deviceKey;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public EventStreamConnection start() {
        thread.execute(this::connect);
        return this;
    }

    @Override
    public CompletableFuture<Stopped> stopped() {
        return stopped;
    }

    /**
     * Makes the request over REST as this device and completes with an answer shaped like the WebSocket's:
     * {@code send} → {@code sent}, {@code commit} → {@code committed}, {@code ack} → {@code acked},
     * {@code set_presence} → {@code presence_set}, {@code ping} → {@code pong}. A refusal completes it exceptionally
     * with a {@link FrameException} carrying the gateway's code; {@code watch} and {@code unwatch} have no REST
     * counterpart and are refused with {@code unsupported_over_sse}.
     */
    @Override
    public CompletableFuture<JsonNode> request(ObjectNode frame) {
        String id = "r" + ids.incrementAndGet();
        frame.put("id", id);
        if (stopped.isDone()) {
            return CompletableFuture.failedFuture(new FrameException("not_connected", "the connection has stopped"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> answer(frame), io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new FrameException("not_connected", "the connection has stopped"));
        }
    }

    private JsonNode answer(ObjectNode frame) {
        String id = frame.path("id").asText();
        String type = frame.path("type").asText();
        String conversationId = frame.path("conversation_id").asText();
        try {
            return switch (type) {
                case "send" -> appended("sent", id, rest.call("POST", RealtimeRest.conversationPath(conversationId, "messages"),
                        body(frame, "msg_id", "message"), deviceId));
                case "commit" -> appended("committed", id, rest.call("POST", RealtimeRest.conversationPath(conversationId, "commits"),
                        body(frame, "msg_id", "commit", "welcome", "group_info", "adds", "removes"), deviceId));
                case "ack" -> {
                    JsonNode cursor = rest.call("POST", RealtimeRest.conversationPath(conversationId, "ack"), body(frame, "seq"), deviceId);
                    yield JsonHttp.JSON.createObjectNode().put("type", "acked").put("id", id)
                            .put("conversation_id", cursor.path("conversation_id").asText(conversationId)).put("seq", cursor.path("seq").asLong());
                }
                case "set_presence" -> {
                    JsonNode own = rest.call("PUT", "api/v1/presence", body(frame, "status", "invisible"), deviceId);
                    ObjectNode answer = JsonHttp.JSON.createObjectNode().put("type", "presence_set").put("id", id)
                            .put("status", own.path("devices").path(deviceId).asText(own.path("status").asText()))
                            .put("user_status", own.path("status").asText()).put("invisible", own.path("invisible").asBoolean());
                    answer.set("devices", own.path("devices"));
                    yield answer;
                }
                case "ping" -> JsonHttp.JSON.createObjectNode().put("type", "pong").put("id", id);
                case "watch", "unwatch" -> throw new FrameException("unsupported_over_sse", "watching presence needs the "
                        + "WebSocket; over SSE read presence with GET presence (parley presence show)");
                default -> throw new FrameException("unknown_frame_type", "'" + type + "' has no REST counterpart");
            };
        } catch (GatewayException e) {
            throw new FrameException(e.code(), e.getMessage());
        } catch (ServerUnreachableException e) {
            throw new FrameException("not_connected", e.getMessage());
        } catch (NotSignedInException e) {
            throw new FrameException("not_signed_in", e.getMessage());
        }
    }

    private static ObjectNode appended(String type, String id, JsonNode answer) {
        ObjectNode frame = JsonHttp.JSON.createObjectNode().put("type", type).put("id", id);
        for (String field : new String[] {"conversation_id", "seq", "epoch", "duplicate"}) {
            if (answer.has(field)) {
                frame.set(field, answer.get(field));
            }
        }
        return frame;
    }

    private static ObjectNode body(ObjectNode frame, String... fields) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        for (String field : fields) {
            if (frame.has(field) && !frame.get(field).isNull()) {
                body.set(field, frame.get(field));
            }
        }
        return body;
    }

    /** Ends the stream and stops; idempotent. */
    @Override
    public void close() {
        post(() -> {
            closing = true;
            if (stream != null) {
                closeQuietly(stream);
            } else {
                stop(new Stopped(Stopped.Reason.CLOSED, 0, null, "closed"));
            }
        });
    }

    // --- connection thread

    private void connect() {
        if (stopped.isDone()) {
            return;
        }
        if (closing) {
            stop(new Stopped(Stopped.Reason.CLOSED, 0, null, "closed"));
            return;
        }
        long attempt = ++generation;
        String resumeAfter = lastEventId;
        String knownGateway = gatewayId;
        io.execute(() -> open(attempt, resumeAfter, knownGateway));
    }

    /** On an I/O thread: the nonce, the proof, the request; then reads the stream until it ends. */
    private void open(long attempt, String resumeAfter, String knownGateway) {
        HttpResponse<InputStream> response;
        try {
            Tokens tokens = auth.currentTokens();
            String gateway = knownGateway != null ? knownGateway : rest.gatewayId();
            String nonce = rest.nonce();
            String signature = Base64Url.encode(new ConnectProof(gateway, userId, deviceId, Base64Url.decode(nonce)).sign(deviceKey));
            HttpRequest.Builder request = HttpRequest.newBuilder(eventsUri).GET()
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + tokens.accessToken())
                    .header("Parley-Device-Id", deviceId)
                    .header("Parley-Nonce", nonce)
                    .header("Parley-Signature", signature);
            if (resumeAfter != null) {
                request.header("Last-Event-ID", resumeAfter);
            }
            post(() -> gatewayId = gateway);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (NotSignedInException e) {
            post(() -> stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, 0, "not_signed_in", e.getMessage())));
            return;
        } catch (GatewayException e) {
            post(() -> refused(attempt, e.status(), e.code(), e.getMessage(), 0));
            return;
        } catch (ServerUnreachableException | IOException e) {
            post(() -> lost(attempt, 0, "cannot reach " + eventsUri + ": " + GatewayConnection.describe(e)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() != 200) {
            JsonNode body;
            try (InputStream in = response.body()) {
                body = JsonHttp.JSON.readTree(in.readAllBytes());
            } catch (IOException e) {
                body = JsonHttp.JSON.createObjectNode();
            }
            String code = body == null ? "" : body.path("error").asText("");
            String message = body == null ? "" : body.path("message").asText("");
            long retryAfter = body == null ? 0 : body.path("retry_after_seconds").asLong(0);
            int status = response.statusCode();
            post(() -> refused(attempt, status, code.isEmpty() ? "http_" + status : code,
                    message.isEmpty() ? "the gateway answered HTTP " + status + " to the event stream" : message, retryAfter));
            return;
        }
        InputStream body = response.body();
        post(() -> {
            if (attempt == generation && !stopped.isDone()) {
                stream = body;
                lastSignOfLife = clock.instant();
                if (closing) {
                    closeQuietly(body);
                }
            } else {
                closeQuietly(body);
            }
        });
        read(attempt, body);
    }

    /** Reads {@code event:}/{@code data:}/{@code id:} lines; a blank line dispatches the event. */
    private void read(long attempt, InputStream body) {
        String reason = "the event stream ended";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0 || name != null) {
                        String event = name == null ? "message" : name;
                        String eventId = id;
                        String payload = data.toString();
                        post(() -> event(attempt, event, eventId, payload));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    post(() -> signOfLife(attempt));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                        default -> {
                            // retry: and unknown fields are ignored
                        }
                    }
                }
            }
        } catch (IOException e) {
            reason = "the event stream failed: " + GatewayConnection.describe(e);
        }
        String why = reason;
        post(() -> lost(attempt, 1006, why));
    }

    private void signOfLife(long attempt) {
        if (attempt == generation) {
            lastSignOfLife = clock.instant();
        }
    }

    private void event(long attempt, String name, String id, String data) {
        if (attempt != generation || stopped.isDone()) {
            return;
        }
        lastSignOfLife = clock.instant();
        JsonNode frame;
        try {
            frame = JsonHttp.JSON.readTree(data);
        } catch (IOException e) {
            return; // an event that is not JSON is ignored, as a WebSocket frame would be
        }
        switch (name) {
            case "connected" -> {
                live = true;
                failures = 0;
                scheduleWatchdog();
                listener.connected(new Connected(gatewayId, frame.path("session_id").asText(), frame.path("user_id").asText(),
                        frame.path("device_id").asText(), frame.path("protocol_version").asInt()));
            }
            case "ping" -> {
                // a sign of life only
            }
            case "closed" -> closedEvent(attempt, frame.path("code").asInt(), frame.path("reason").asText(null));
            default -> {
                if (id != null && !id.isBlank()) {
                    lastEventId = id;
                }
                listener.frame(frame);
            }
        }
    }

    private void closedEvent(long attempt, int code, String reason) {
        generation++; // the end of this stream that follows is this close
        dropStream();
        if (closing) {
            stop(new Stopped(Stopped.Reason.CLOSED, code, null, "closed"));
            return;
        }
        Stopped end = Stopped.forClose(code, null, reason);
        if (end != null) {
            stop(end);
        } else if (CloseCode.of(code) == CloseCode.TOKEN_EXPIRED) {
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
            retry(code, reason != null && !reason.isBlank() ? reason : "the gateway ended the event stream (" + code + ")");
        }
    }

    /** The gateway refused to open the stream. */
    private void refused(long attempt, int status, String code, String message, long retryAfter) {
        if (attempt != generation || stopped.isDone()) {
            return;
        }
        retryAfterSeconds = Math.max(retryAfterSeconds, retryAfter);
        switch (code) {
            case "device_revoked" -> stop(new Stopped(Stopped.Reason.DEVICE_REVOKED, CloseCode.DEVICE_REVOKED.code(), code, message));
            case "device_not_found", "device_proof_invalid" ->
                    stop(new Stopped(Stopped.Reason.DEVICE_PROOF_INVALID, CloseCode.DEVICE_PROOF_INVALID.code(), code, message));
            case "unsupported_protocol_version" ->
                    stop(new Stopped(Stopped.Reason.UNSUPPORTED_VERSION, CloseCode.UNSUPPORTED_VERSION.code(), code, message));
            case "too_many_connections" ->
                    stop(new Stopped(Stopped.Reason.TOO_MANY_CONNECTIONS, CloseCode.TOO_MANY_CONNECTIONS.code(), code, message));
            default -> {
                if (status == 401 && !"realtime_nonce_invalid".equals(code)) {
                    try {
                        auth.refresh();
                    } catch (NotSignedInException e) {
                        stop(new Stopped(Stopped.Reason.NOT_SIGNED_IN, 0, "not_signed_in", e.getMessage()));
                        return;
                    } catch (ServerUnreachableException e) {
                        // retried below
                    }
                }
                retry(0, message + " (" + code + ")");
            }
        }
    }

    private void lost(long attempt, int code, String reason) {
        if (attempt != generation || stopped.isDone()) {
            return;
        }
        dropStream();
        if (closing) {
            stop(new Stopped(Stopped.Reason.CLOSED, 0, null, "closed"));
            return;
        }
        retry(code, reason);
    }

    private void retry(int code, String reason) {
        live = false;
        cancelWatchdog();
        Duration delay = GatewayConnection.backoff(failures++);
        if (retryAfterSeconds > 0) {
            delay = delay.compareTo(Duration.ofSeconds(retryAfterSeconds)) < 0 ? Duration.ofSeconds(retryAfterSeconds) : delay;
            retryAfterSeconds = 0;
        }
        listener.disconnected(code, reason, delay);
        thread.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stream with no event and no comment for three heartbeat intervals is dead: drop it and reconnect. */
    private void scheduleWatchdog() {
        cancelWatchdog();
        watchdog = thread.scheduleAtFixedRate(() -> {
            if (live && Duration.between(lastSignOfLife, clock.instant()).getSeconds() > 3 * HEARTBEAT_SECONDS) {
                generation++;
                dropStream();
                retry(0, "no sign of life from the gateway for " + 3 * HEARTBEAT_SECONDS + " s");
            }
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    private void dropStream() {
        live = false;
        if (stream != null) {
            closeQuietly(stream);
            stream = null;
        }
    }

    private void stop(Stopped why) {
        if (stopped.isDone()) {
            return;
        }
        generation++;
        cancelWatchdog();
        dropStream();
        try {
            listener.stopped(why);
        } finally {
            stopped.complete(why);
            thread.shutdown();
            io.shutdown();
        }
    }

    private void post(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // stopped: late events of the old stream are dropped
        }
    }

    private static void closeQuietly(InputStream in) {
        CompletableFuture.runAsync(() -> {
            try {
                in.close();
            } catch (IOException e) {
                // closing a dead stream
            }
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
