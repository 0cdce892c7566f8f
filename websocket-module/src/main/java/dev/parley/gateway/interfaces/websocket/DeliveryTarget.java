package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;

/**
 * A device's live connection as message delivery sees it, whatever the door (a WebSocket {@link Connection}, an SSE
 * stream): a bounded queue of frames that fills as the peer reads.
 */
public interface DeliveryTarget {

    /** The proven device the connection speaks for. */
    DeviceAddress device();

    /** Queues a frame; {@code false} when the connection is closing or its queue overflowed (it is then closed). */
    boolean send(Object frame);

    /** Frames waiting to be written. */
    int queuedFrames();

    /** How many frames may wait before the peer is a slow consumer. */
    int capacity();

    /** Runs {@code action} once when at most a quarter of the capacity waits (see {@link OutboundQueue#whenDrained}). */
    void whenDrained(Runnable action);

    boolean isOpen();

    /** Ends the connection because the gateway cannot serve it (the device reconnects and resumes from its cursors). */
    void abandon(String reason);
}
