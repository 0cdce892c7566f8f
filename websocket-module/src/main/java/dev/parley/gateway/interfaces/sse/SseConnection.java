package dev.parley.gateway.interfaces.sse;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.interfaces.rest.JsonbConfigResolver;
import dev.parley.gateway.interfaces.websocket.DeliveryTarget;
import dev.parley.gateway.interfaces.websocket.EncodedFrame;
import dev.parley.gateway.interfaces.websocket.OutboundQueue;
import dev.parley.protocol.ws.CloseCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A device's live connection over Server-Sent Events: the same frames as the WebSocket, each an event named by its
 * {@code type} with the frame as JSON data; {@code message} events carry {@code id: <conversation_id>:<seq>}. Writes are
 * asynchronous through a bounded queue, as on the WebSocket. A close sends a last {@code closed} event
 * {@code {"code", "reason"}} and ends the stream. Invariant: a stream lives no longer than the access token it was
 * opened with ({@link #tokenExpiresAt}); the heartbeat ends it then with {@code closed} code 4440.
 */
final class SseConnection implements DeliveryTarget {

    private static final Logger LOG = Logger.getLogger(SseConnection.class);

    private final SseEventSink sink;
    private final Sse sse;
    private final DeviceAddress device;
    private final Instant tokenExpiresAt;
    private final OutboundQueue<OutboundSseEvent> outbound;
    private final Consumer<SseConnection> onClosed;
    private volatile boolean closing;

    SseConnection(SseEventSink sink, Sse sse, DeviceAddress device, Instant tokenExpiresAt, int capacity,
            Consumer<SseConnection> onClosed) {
        this.sink = sink;
        this.sse = sse;
        this.device = device;
        this.tokenExpiresAt = tokenExpiresAt;
        this.onClosed = onClosed;
        this.outbound = new OutboundQueue<>(this::write, capacity,
                () -> close(CloseCode.SLOW_CONSUMER, "more than " + capacity + " events waiting; reconnect and resume"),
                failure -> {
                    LOG.debugf("SSE write to %s/%s failed: %s", device.userId(), device.deviceId(), failure.getMessage());
                    end();
                });
    }

    @Override
    public DeviceAddress device() {
        return device;
    }

    @Override
    public Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    @Override
    public boolean send(Object frame) {
        if (closing || sink.isClosed()) {
            return false;
        }
        return outbound.offer(event(frame));
    }

    private OutboundSseEvent event(Object frame) {
        if (frame instanceof EncodedFrame encoded) {
            OutboundSseEvent.Builder event = sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .name(encoded.type()).data(String.class, encoded.json());
            if (encoded.eventId() != null) {
                event.id(encoded.eventId());
            }
            return event.build();
        }
        String json = JsonbConfigResolver.jsonb().toJson(frame);
        OutboundSseEvent.Builder event = sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE)
                .name(type(frame)).data(String.class, json);
        return event.build();
    }

    private static String type(Object frame) {
        try {
            return (String) frame.getClass().getMethod("type").invoke(frame);
        } catch (ReflectiveOperationException e) {
            return "frame";
        }
    }

    private void write(OutboundSseEvent event, Consumer<Throwable> done) {
        try {
            sink.send(event).whenComplete((ignored, failure) -> done.accept(failure));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public int queuedFrames() {
        return outbound.waiting();
    }

    @Override
    public int capacity() {
        return outbound.capacity();
    }

    @Override
    public void whenDrained(Runnable action) {
        outbound.whenDrained(action);
    }

    @Override
    public boolean isOpen() {
        return !closing && !sink.isClosed();
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        outbound.close();
        try {
            sink.send(sse.newEventBuilder().name("closed").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, JsonbConfigResolver.jsonb().toJson(Map.of("code", code.code(), "reason", reason))).build())
                    .whenComplete((ignored, failure) -> end());
        } catch (RuntimeException e) {
            end();
        }
    }

    @Override
    public void abandon(String reason) {
        close(CloseCode.GOING_AWAY, reason);
    }

    /** Ends the stream and tells the door once. */
    private synchronized void end() {
        closing = true;
        outbound.close();
        if (!sink.isClosed()) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debugf("Closing an SSE stream failed: %s", e.getMessage());
            }
        }
        if (!ended) {
            ended = true;
            onClosed.accept(this);
        }
    }

    private boolean ended;
}
