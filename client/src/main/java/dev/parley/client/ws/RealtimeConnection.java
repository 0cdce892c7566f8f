package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * This device's realtime connection to the gateway, whatever the door: the WebSocket ({@link GatewayConnection}) or
 * its fallback, Server-Sent Events with requests over REST. Events go to a {@link ConnectionListener}.
 */
public interface RealtimeConnection extends AutoCloseable {

    /** Starts connecting in the background. */
    RealtimeConnection start();

    /** Completes once, when the connection stops for good. */
    CompletableFuture<Stopped> stopped();

    /**
     * Sends a request frame (an {@code id} is added) and completes with the gateway's answer frame; a refusal completes
     * it exceptionally with a {@link FrameException} carrying the error code.
     */
    CompletableFuture<JsonNode> request(ObjectNode frame);

    /** Closes the connection and stops; idempotent. */
    @Override
    void close();
}
