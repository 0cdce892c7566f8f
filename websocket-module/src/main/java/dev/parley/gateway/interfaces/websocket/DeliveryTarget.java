package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.protocol.ws.CloseCode;
import java.time.Instant;

/**
 * A device's live connection, whatever the door (a WebSocket {@link Connection}, an SSE stream): a bounded queue of
 * frames that fills as the peer reads. {@link ConnectionRegistry} keeps one per device; deliveries and pushes use it.
 */
public interface DeliveryTarget {

    /** The proven device the connection speaks for. */
    DeviceAddress device();

    /** When the access token the connection was opened (or last renewed) with expires; it is closed then. */
    Instant tokenExpiresAt();

    /** Queues a frame; {@code false} when the connection is closing or its queue overflowed (it is then closed). */
    boolean send(Object frame);

    /** Frames waiting to be written. */
    int queuedFrames();

    /** How many frames may wait before the peer is a slow consumer. */
    int capacity();

    /** Runs {@code action} once when at most a quarter of the capacity waits (see {@link OutboundQueue#whenDrained}). */
    void whenDrained(Runnable action);

    boolean isOpen();

    /** Closes the connection with a documented code (the reason is for people and logs). Idempotent. */
    void close(CloseCode code, String reason);

    /** Ends the connection because the gateway cannot serve it (the device reconnects and resumes from its cursors). */
    void abandon(String reason);
}
