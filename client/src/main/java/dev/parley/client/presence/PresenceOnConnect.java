package dev.parley.client.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.ws.Connected;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.RealtimeConnection;
import dev.parley.client.ws.Stopped;
import java.time.Duration;

/**
 * A {@link ConnectionListener} decorator that applies the user's {@link PresencePreference} on every connection: a
 * new connection starts {@code online} and visible-as-before, so the chosen status and invisible flag are sent
 * ({@code set_presence}) each time the device is live again. A refusal (e.g. {@code rate_limited}) is reported to the
 * decorated listener as an {@code error} frame; the connection carries on.
 */
public final class PresenceOnConnect implements ConnectionListener {

    private final ConnectionListener delegate;
    private final PresencePreference preference;
    private volatile RealtimeConnection connection;

    public PresenceOnConnect(ConnectionListener delegate, PresencePreference preference) {
        this.delegate = delegate;
        this.preference = preference;
    }

    /** The connection whose events this listener receives (set before it starts). */
    public void attach(RealtimeConnection connection) {
        this.connection = connection;
    }

    /** The {@code set_presence} frame of a preference (without id); null when there is nothing to set. */
    public static ObjectNode frame(PresencePreference preference) {
        if (preference.isEmpty()) {
            return null;
        }
        ObjectNode frame = JsonHttp.JSON.createObjectNode().put("type", "set_presence");
        if (preference.status() != null) {
            frame.put("status", preference.status());
        }
        if (preference.invisible() != null) {
            frame.put("invisible", preference.invisible());
        }
        return frame;
    }

    @Override
    public void connected(Connected connected) {
        delegate.connected(connected);
        ObjectNode frame = frame(preference);
        if (frame != null && connection != null) {
            connection.request(frame).exceptionally(failure -> {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                String code = cause instanceof dev.parley.client.ws.FrameException refused ? refused.code() : "not_connected";
                delegate.frame(JsonHttp.JSON.createObjectNode().put("type", "error").put("error", code)
                        .put("message", "the presence chosen with 'parley presence set' was not applied: " + cause.getMessage()));
                return null;
            });
        }
    }

    @Override
    public void frame(JsonNode frame) {
        delegate.frame(frame);
    }

    @Override
    public void disconnected(int closeCode, String reason, Duration retryIn) {
        delegate.disconnected(closeCode, reason, retryIn);
    }

    @Override
    public void stopped(Stopped stopped) {
        delegate.stopped(stopped);
    }
}
