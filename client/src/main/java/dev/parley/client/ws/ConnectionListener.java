package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * What a {@link GatewayConnection} reports. Calls come one at a time from the connection's own thread; a listener
 * must not block it for long.
 */
public interface ConnectionListener {

    /** The device is proven and live on a new connection (also after every reconnect). */
    default void connected(Connected connected) {
    }

    /** A frame from the gateway that is not the answer to a request of this client. */
    default void frame(JsonNode frame) {
    }

    /** The connection was lost and will be retried after {@code retryIn}. */
    default void disconnected(int closeCode, String reason, Duration retryIn) {
    }

    /** The connection stopped for good; no call follows. */
    default void stopped(Stopped stopped) {
    }
}
